//! Vendor error answers → `cachedesk_core::Error`, keyed on the vendor's code, not its prose.

use crate::http::{retry_after, Reply};
use crate::lenient;
use crate::redact::Redactor;
use cachedesk_core::Error;
use serde::Deserialize;

const AUTH_CODES: [&str; 4] = [
    "InvalidAccessKeyId",
    "SignatureDoesNotMatch",
    "InvalidHTTPAuthHeader",
    "AccessDenied",
];

/// A 2xx answer we could not read, or an error answer that is not the vendor's JSON.
pub(crate) fn malformed(reply: &Reply, what: &str) -> Error {
    Error::Vendor {
        status: Some(reply.status),
        code: "MalformedResponse".into(),
        message: format!("the vendor's answer could not be read ({what})"),
        request_id: reply.meta.request_id.clone(),
    }
}

fn rate_limited(reply: &Reply) -> Error {
    Error::RateLimited {
        retry_after_secs: retry_after(&reply.headers),
    }
}

fn auth(code: String, message: String) -> Error {
    Error::Auth { code, message }
}

fn unreadable(reply: &Reply, redactor: &Redactor) -> Error {
    if reply.status == 401 {
        return auth("Http401".into(), "HTTP 401".into());
    }
    let preview: String = String::from_utf8_lossy(&reply.body)
        .chars()
        .take(120)
        .collect();
    malformed(reply, &redactor.scrub(preview.trim()))
}

#[derive(Deserialize)]
struct BceErrorBody {
    #[serde(default, deserialize_with = "lenient::opt_string")]
    code: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    message: Option<String>,
    #[serde(
        default,
        rename = "requestId",
        deserialize_with = "lenient::opt_string"
    )]
    request_id: Option<String>,
}

/// A non-2xx BCE answer: `{code, message, requestId}` (Baidu CDN and GEO).
pub(crate) fn bce_error(reply: &Reply, redactor: &Redactor) -> Error {
    if reply.status == 429 {
        return rate_limited(reply);
    }
    let Ok(body) = serde_json::from_slice::<BceErrorBody>(&reply.body) else {
        return unreadable(reply, redactor);
    };
    let code = body.code.unwrap_or_else(|| format!("Http{}", reply.status));
    let message = redactor.scrub(&body.message.unwrap_or_default());
    let lower = code.to_ascii_lowercase();
    if AUTH_CODES.contains(&code.as_str()) || reply.status == 401 {
        auth(code, message)
    } else if code == "RequestExpired" {
        Error::ClockSkew
    } else if ["throttl", "toomanyrequests", "ratelimit"]
        .iter()
        .any(|w| lower.contains(w))
    {
        rate_limited(reply)
    } else if lower.contains("quota") || lower.contains("exceed") {
        Error::QuotaExceeded { message }
    } else {
        Error::Vendor {
            status: Some(reply.status),
            code,
            message,
            request_id: body.request_id.or_else(|| reply.meta.request_id.clone()),
        }
    }
}

#[derive(Deserialize)]
pub(crate) struct BaishanEnvelope {
    #[serde(default, deserialize_with = "lenient::opt_i64")]
    code: Option<i64>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    message: Option<String>,
    #[serde(default)]
    pub data: serde_json::Value,
}

/// Baishan's `{code, message, data}`: `data` when the code is 0 on a 2xx, otherwise the error.
/// The code wins over the HTTP status: Baishan can say `code: 400` on HTTP 200.
pub(crate) fn baishan_open(reply: &Reply, redactor: &Redactor) -> Result<serde_json::Value, Error> {
    if reply.status == 429 {
        return Err(rate_limited(reply));
    }
    let Ok(envelope) = serde_json::from_slice::<BaishanEnvelope>(&reply.body) else {
        return Err(unreadable(reply, redactor));
    };
    let default_code = if reply.is_success() {
        0
    } else {
        i64::from(reply.status)
    };
    let code = envelope.code.unwrap_or(default_code);
    if code == 0 && reply.is_success() {
        return Ok(envelope.data);
    }
    let message = redactor.scrub(&envelope.message.unwrap_or_default());
    let about_quota = |text: &str| {
        let text = text.to_lowercase();
        ["quota", "额度", "配额"].iter().any(|w| text.contains(w))
    };
    Err(if code == 429 {
        rate_limited(reply)
    } else if code == 401 || reply.status == 401 {
        auth(code.to_string(), message)
    } else if about_quota(&message) || about_quota(&envelope.data.to_string()) {
        Error::QuotaExceeded { message }
    } else {
        Error::Vendor {
            status: Some(reply.status),
            code: code.to_string(),
            message,
            request_id: reply.meta.request_id.clone(),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::response_meta;
    use cachedesk_core::{ErrorCode, Secret};
    use reqwest::header::{HeaderMap, HeaderValue};

    fn reply(status: u16, body: &str, headers: &[(&'static str, &'static str)]) -> Reply {
        let mut map = HeaderMap::new();
        for (k, v) in headers {
            map.insert(*k, HeaderValue::from_static(v));
        }
        Reply {
            status,
            meta: response_meta(&map),
            headers: map,
            body: body.as_bytes().to_vec(),
        }
    }

    fn bce(status: u16, code: &str) -> Error {
        let body = format!(r#"{{"code":"{code}","message":"m","requestId":"r-1"}}"#);
        bce_error(&reply(status, &body, &[]), &Redactor::default())
    }

    #[test]
    fn bce_codes() {
        for code in AUTH_CODES {
            assert_eq!(bce(403, code).code(), ErrorCode::Auth, "{code}");
        }
        assert_eq!(bce(400, "RequestExpired"), Error::ClockSkew);
        assert_eq!(bce(403, "QuotaExceeded").code(), ErrorCode::QuotaExceeded);
        assert_eq!(bce(400, "ExceedQuota").code(), ErrorCode::QuotaExceeded);
        assert_eq!(
            bce(403, "UrlQuotaNotEnough").code(),
            ErrorCode::QuotaExceeded
        );
        assert_eq!(bce(400, "Throttling").code(), ErrorCode::RateLimited);
        assert_eq!(bce(401, "Whatever").code(), ErrorCode::Auth);
        assert_eq!(
            bce(400, "IllegalRequestUrl"),
            Error::Vendor {
                status: Some(400),
                code: "IllegalRequestUrl".into(),
                message: "m".into(),
                request_id: Some("r-1".into())
            }
        );
    }

    #[test]
    fn bce_odd_bodies() {
        let none = Redactor::default();
        let r = reply(429, "slow down", &[("retry-after", "5")]);
        assert_eq!(
            bce_error(&r, &none),
            Error::RateLimited {
                retry_after_secs: Some(5)
            }
        );
        let r = reply(
            502,
            "<html>bad gateway</html>",
            &[("x-bce-request-id", "q-9")],
        );
        match bce_error(&r, &none) {
            Error::Vendor {
                status,
                code,
                request_id,
                ..
            } => {
                assert_eq!((status, code.as_str()), (Some(502), "MalformedResponse"));
                assert_eq!(request_id.as_deref(), Some("q-9"));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            bce_error(&reply(401, "", &[]), &none).code(),
            ErrorCode::Auth
        );
        let r = reply(500, "{}", &[("x-bce-request-id", "q-1")]);
        match bce_error(&r, &none) {
            Error::Vendor {
                code, request_id, ..
            } => {
                assert_eq!(
                    (code.as_str(), request_id.as_deref()),
                    ("Http500", Some("q-1"))
                )
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn baishan_envelopes() {
        let none = Redactor::default();
        let ok = reply(200, r#"{"code":0,"data":{"x":1}}"#, &[]);
        assert_eq!(baishan_open(&ok, &none).unwrap()["x"], 1);
        let ok = reply(200, r#"{"data":{"x":2}}"#, &[]);
        assert_eq!(baishan_open(&ok, &none).unwrap()["x"], 2);
        let code = |status, body: &str| baishan_open(&reply(status, body, &[]), &none).unwrap_err();
        assert_eq!(
            code(200, r#"{"code":400,"message":"bad"}"#).code(),
            ErrorCode::Vendor
        );
        assert_eq!(
            code(401, r#"{"code":401,"message":"token"}"#).code(),
            ErrorCode::Auth
        );
        assert_eq!(code(200, r#"{"code":"401"}"#).code(), ErrorCode::Auth);
        assert_eq!(code(200, r#"{"code":429}"#).code(), ErrorCode::RateLimited);
        assert_eq!(
            code(400, r#"{"code":400,"message":"今日预热额度已用完"}"#).code(),
            ErrorCode::QuotaExceeded
        );
        assert_eq!(
            code(400, r#"{"code":400,"data":{"reason":"daily quota"}}"#).code(),
            ErrorCode::QuotaExceeded
        );
        assert_eq!(code(500, "oops").code(), ErrorCode::Vendor);
        let limited = reply(429, "", &[("x-retry-after", "12")]);
        assert_eq!(
            baishan_open(&limited, &none).unwrap_err(),
            Error::RateLimited {
                retry_after_secs: Some(12)
            }
        );
    }

    #[test]
    fn messages_are_scrubbed() {
        let r = Redactor::new(Some(Secret::new("tok-fake-7")));
        let body = r#"{"code":400,"message":"bad url /v2/cache/refresh?token=tok-fake-7&x=1"}"#;
        let err = baishan_open(&reply(400, body, &[]), &r).unwrap_err();
        assert!(!format!("{err} {err:?}").contains("tok-fake-7"));
        let err = baishan_open(&reply(502, "echo tok-fake-7", &[]), &r).unwrap_err();
        assert!(!format!("{err} {err:?}").contains("tok-fake-7"));
    }
}

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

/// Words in a vendor code that name an account-level refusal (arrears, service not opened).
const ACCOUNT_WORDS: [&str; 6] = [
    "overdue",
    "arrear",
    "debt",
    "suspend",
    "optinrequired",
    "notopen",
];

/// A BCE code about the URLs of a request (`IllegalRequestUrl`, `TooManyUrls`, a domain not
/// on the account), not about the account or the request itself (`InvalidURI` is the path).
fn about_urls(lower_code: &str) -> bool {
    lower_code.contains("url") || lower_code.contains("domain")
}

/// A non-2xx BCE answer: `{code, message, requestId}` (Baidu CDN and GEO). Only a code about
/// URLs concerns the URLs; every other refusal concerns the account or the request as a whole.
pub(crate) fn bce_error(reply: &Reply, redactor: &Redactor) -> Error {
    if reply.status == 429 {
        return rate_limited(reply);
    }
    let Ok(body) = serde_json::from_slice::<BceErrorBody>(&reply.body) else {
        if matches!(reply.status, 404 | 405) {
            return Error::Endpoint {
                status: reply.status,
            };
        }
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
    } else if ACCOUNT_WORDS.iter().any(|w| lower.contains(w)) {
        Error::Account { code, message }
    } else if about_urls(&lower) && reply.status < 500 {
        Error::UrlsRefused {
            code,
            message,
            urls: Vec::new(),
        }
    } else if matches!(reply.status, 404 | 405) {
        Error::Endpoint {
            status: reply.status,
        }
    } else if reply.status == 403 {
        Error::Account { code, message }
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
/// The code wins over the HTTP status: Baishan can say `code: 400` on HTTP 200. Throttling is
/// read from the headers of any answer (seed 002: `X-Ratelimit-Remaining`, `X-Retry-After`),
/// not only from a 429.
pub(crate) fn baishan_open(reply: &Reply, redactor: &Redactor) -> Result<serde_json::Value, Error> {
    let out_of_calls = reply
        .meta
        .rate_limit
        .as_ref()
        .is_some_and(|l| l.remaining == Some(0));
    if reply.status == 429 || (out_of_calls && !reply.is_success()) {
        return Err(rate_limited(reply));
    }
    let Ok(envelope) = serde_json::from_slice::<BaishanEnvelope>(&reply.body) else {
        if reply.status == 404 {
            return Err(Error::Endpoint { status: 404 });
        }
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
    if code == 429 || out_of_calls {
        return Err(rate_limited(reply));
    }
    let message = redactor.scrub(&envelope.message.unwrap_or_default());
    let about_quota = |text: &str| {
        let text = text.to_lowercase();
        ["quota", "额度", "配额"].iter().any(|w| text.contains(w))
    };
    let named = named_urls(&envelope.data);
    Err(if code == 401 || reply.status == 401 {
        auth(code.to_string(), message)
    } else if about_quota(&message) || about_quota(&envelope.data.to_string()) {
        Error::QuotaExceeded { message }
    } else if !named.is_empty() {
        Error::UrlsRefused {
            code: code.to_string(),
            message,
            urls: named,
        }
    } else if code == 404 || reply.status == 404 {
        Error::Endpoint { status: 404 }
    } else if code == 403 || reply.status == 403 {
        Error::Account {
            code: code.to_string(),
            message,
        }
    } else {
        Error::Vendor {
            status: Some(reply.status),
            code: code.to_string(),
            message,
            request_id: reply.meta.request_id.clone(),
        }
    })
}

/// The URLs a Baishan refusal names in `data.err_urls` (bare strings or `{url, ..}` objects).
fn named_urls(data: &serde_json::Value) -> Vec<String> {
    let items = match data.get("err_urls") {
        Some(serde_json::Value::Array(items)) => items.as_slice(),
        Some(one) => std::slice::from_ref(one),
        None => &[],
    };
    items
        .iter()
        .filter_map(|item| match item {
            serde_json::Value::String(url) => Some(url.clone()),
            other => other.get("url")?.as_str().map(str::to_owned),
        })
        .collect()
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
            Error::UrlsRefused {
                code: "IllegalRequestUrl".into(),
                message: "m".into(),
                urls: vec![]
            }
        );
    }

    #[test]
    fn bce_refusals_of_the_account_or_request_are_not_about_urls() {
        assert_eq!(bce(403, "Forbidden").code(), ErrorCode::Account);
        assert_eq!(bce(400, "AccountOverdue").code(), ErrorCode::Account);
        assert_eq!(bce(403, "OptInRequired").code(), ErrorCode::Account);
        assert_eq!(bce(404, "NoSuchApi"), Error::Endpoint { status: 404 });
        assert_eq!(
            bce(405, "MethodNotAllowed"),
            Error::Endpoint { status: 405 }
        );
        assert_eq!(
            bce_error(&reply(404, "<html>", &[]), &Redactor::default()),
            Error::Endpoint { status: 404 }
        );
        // The request path, not a URL of the job.
        assert_eq!(bce(400, "InvalidURI").code(), ErrorCode::Vendor);
        assert!(matches!(bce(400, "InvalidArgument"), Error::Vendor { .. }));
        assert!(matches!(bce(400, "TooManyUrls"), Error::UrlsRefused { .. }));
        assert!(matches!(
            bce(400, "DomainNotExist"),
            Error::UrlsRefused { .. }
        ));
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
        assert_eq!(code(404, "not found"), Error::Endpoint { status: 404 });
        assert_eq!(code(403, r#"{"code":403}"#).code(), ErrorCode::Account);
        assert_eq!(
            code(
                400,
                r#"{"code":400,"data":{"err_urls":["http://x/1",{"url":"http://x/2"}]}}"#
            ),
            Error::UrlsRefused {
                code: "400".into(),
                message: String::new(),
                urls: vec!["http://x/1".into(), "http://x/2".into()]
            }
        );
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
    fn baishan_throttling_is_read_from_headers_on_any_answer() {
        let none = Redactor::default();
        let headers = [("x-ratelimit-remaining", "0"), ("x-retry-after", "40")];
        for (status, body) in [(403, r#"{"code":403}"#), (200, r#"{"code":400}"#)] {
            assert_eq!(
                baishan_open(&reply(status, body, &headers), &none).unwrap_err(),
                Error::RateLimited {
                    retry_after_secs: Some(40)
                },
                "HTTP {status} {body}"
            );
        }
        // A success that used the last call is still a success (the pacer pauses after it).
        let ok = reply(200, r#"{"code":0,"data":1}"#, &headers);
        assert_eq!(baishan_open(&ok, &none).unwrap(), 1);
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

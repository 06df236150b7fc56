//! The one HTTP layer every vendor client uses: timeouts, user agent, no redirects, and network
//! failures turned into `Error::Network` with an honest `maybe_delivered`.

use crate::endpoint::Endpoint;
use crate::redact::Redactor;
use cachedesk_core::{Error, RateLimit, ResponseMeta, Result};
use chrono::{DateTime, Utc};
use reqwest::header::HeaderMap;
use std::time::Duration;

/// Timeouts of the HTTP client. The defaults suit the real vendors; tests shorten them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpOptions {
    pub connect_timeout: Duration,
    pub request_timeout: Duration,
}

impl Default for HttpOptions {
    fn default() -> Self {
        HttpOptions {
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(60),
        }
    }
}

/// A vendor's answer, read in full, before any vendor-specific parsing.
#[derive(Debug)]
pub(crate) struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
    pub meta: ResponseMeta,
}

impl Reply {
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

pub(crate) struct Http {
    client: reqwest::Client,
    redactor: Redactor,
}

impl Http {
    pub fn new(options: HttpOptions, endpoint: &Endpoint, redactor: Redactor) -> Result<Http> {
        let mut builder = reqwest::Client::builder()
            .connect_timeout(options.connect_timeout)
            .timeout(options.request_timeout)
            .user_agent(concat!("CacheDesk/", env!("CARGO_PKG_VERSION")))
            // A redirect could carry Baishan's token to another host.
            .redirect(reqwest::redirect::Policy::none());
        if endpoint.loopback {
            builder = builder.no_proxy();
        }
        let client = builder
            .build()
            .map_err(|e| Error::Internal(format!("cannot start the HTTP client: {}", chain(&e))))?;
        Ok(Http { client, redactor })
    }

    pub fn request(&self, method: reqwest::Method, url: url::Url) -> reqwest::RequestBuilder {
        self.client.request(method, url)
    }

    pub fn redactor(&self) -> &Redactor {
        &self.redactor
    }

    /// Sends once (never retries) and reads the whole body.
    pub async fn send(&self, request: reqwest::RequestBuilder) -> Result<Reply> {
        let response = request.send().await.map_err(|e| self.network(e))?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(|e| self.network(e))?;
        Ok(Reply {
            status,
            meta: response_meta(&headers),
            headers,
            body: body.to_vec(),
        })
    }

    fn network(&self, err: reqwest::Error) -> Error {
        let err = err.without_url();
        let message = self.redactor.scrub(&chain(&err));
        if err.is_builder() {
            return Error::Internal(message);
        }
        // A connect error (refused, DNS, TLS handshake, connect timeout) happens before a byte of
        // the request is written; anything later may have reached the vendor.
        Error::Network {
            message,
            maybe_delivered: !err.is_connect(),
        }
    }
}

/// The error and its causes, `outer: inner: innermost`.
fn chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

pub(crate) fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

fn header_number<T: std::str::FromStr>(headers: &HeaderMap, name: &str) -> Option<T> {
    header(headers, name).and_then(|v| v.parse().ok())
}

/// Seconds to wait, from `X-Retry-After` (Baishan) or the standard `Retry-After`.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<u64> {
    header_number(headers, "x-retry-after").or_else(|| header_number(headers, "retry-after"))
}

pub(crate) fn response_meta(headers: &HeaderMap) -> ResponseMeta {
    let rate_limit = RateLimit {
        grad: header(headers, "x-ratelimit-grad").map(str::to_owned),
        limit: header_number(headers, "x-ratelimit-limit"),
        remaining: header_number(headers, "x-ratelimit-remaining"),
        retry_after_secs: header_number(headers, "x-retry-after"),
    };
    ResponseMeta {
        request_id: header(headers, "x-bce-request-id")
            .or_else(|| header(headers, "api-id"))
            .map(str::to_owned),
        rate_limit: (rate_limit != RateLimit::default()).then_some(rate_limit),
        push_remaining: header_number(headers, "x-push-remaining"),
        date: header(headers, "date").and_then(http_date),
    }
}

/// An HTTP `Date` (RFC 7231 IMF-fixdate, which RFC 2822 parsing covers). Obsolete forms are
/// ignored: a clock reading is a hint, never required.
fn http_date(value: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc2822(value)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.insert(*k, HeaderValue::from_static(v));
        }
        map
    }

    #[test]
    fn baishan_headers_become_meta() {
        let meta = response_meta(&headers(&[
            ("api-id", "70946227"),
            ("x-ratelimit-grad", "minute"),
            ("x-ratelimit-limit", "150"),
            ("x-ratelimit-remaining", "99"),
            ("x-retry-after", "33"),
            ("x-push-remaining", "9998"),
        ]));
        assert_eq!(meta.request_id.as_deref(), Some("70946227"));
        let rl = meta.rate_limit.unwrap();
        assert_eq!(
            (
                rl.grad.as_deref(),
                rl.limit,
                rl.remaining,
                rl.retry_after_secs
            ),
            (Some("minute"), Some(150), Some(99), Some(33))
        );
        assert_eq!(meta.push_remaining, Some(9998));
        assert_eq!(meta.date, None);
    }

    #[test]
    fn date_header_becomes_the_vendor_clock() {
        let meta = response_meta(&headers(&[("date", "Sun, 01 Nov 2026 08:30:05 GMT")]));
        assert_eq!(
            meta.date,
            Some(
                DateTime::parse_from_rfc3339("2026-11-01T08:30:05Z")
                    .unwrap()
                    .into()
            )
        );
        // Obsolete or broken dates are no reading, not an error.
        for bad in ["Sunday, 01-Nov-26 08:30:05 GMT", "yesterday", ""] {
            let mut map = HeaderMap::new();
            map.insert("date", HeaderValue::from_str(bad).unwrap());
            assert_eq!(response_meta(&map).date, None, "{bad}");
        }
    }

    #[test]
    fn baidu_headers_and_garbage() {
        let meta = response_meta(&headers(&[
            ("x-bce-request-id", "81d0b05f"),
            ("x-ratelimit-limit", "lots"),
        ]));
        assert_eq!(meta.request_id.as_deref(), Some("81d0b05f"));
        assert_eq!(meta.rate_limit, None);
        assert_eq!(retry_after(&headers(&[("retry-after", "7")])), Some(7));
        assert_eq!(
            retry_after(&headers(&[("retry-after", "Wed, 21 Oct 2015")])),
            None
        );
    }
}

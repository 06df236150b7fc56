//! Asks edges, politely: a few requests at a time, a few per second to one host, a timeout,
//! HEAD first and a one-byte GET where HEAD is refused.

use crate::headers::Reading;
use crate::verdict::{verdict, Checked, Verdict};
use chrono::{DateTime, Utc};
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use reqwest::header::{HeaderValue, HOST, RANGE};
use reqwest::{Method, StatusCode};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use url::Url;

/// curl's `--resolve HOST:PORT:ADDRESS`: send requests for HOST:PORT to ADDRESS (one edge
/// node, or a test host) instead of where DNS points. ADDRESS may carry its own port
/// (`127.0.0.1:8080`, `[::1]:8080`); a loopback ADDRESS is spoken to in plain HTTP (a test or
/// demo edge on this computer), with the URL's host in `Host`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolve {
    pub host: String,
    pub port: u16,
    pub address: SocketAddr,
}

impl FromStr for Resolve {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let wrong =
            || format!("'{text}' is not HOST:PORT:ADDRESS (e.g. www.example.com:443:203.0.113.7)");
        let (host, rest) = text.split_once(':').ok_or_else(wrong)?;
        let (port, address) = rest.split_once(':').ok_or_else(wrong)?;
        let port: u16 = port.parse().map_err(|_| wrong())?;
        let bare = address.trim_start_matches('[').trim_end_matches(']');
        let address = match bare.parse::<IpAddr>() {
            Ok(ip) => SocketAddr::new(ip, port),
            Err(_) => address.parse().map_err(|_| wrong())?,
        };
        Ok(Resolve {
            host: host.to_ascii_lowercase(),
            port,
            address,
        })
    }
}

#[derive(Debug, Clone)]
pub struct ProbeOptions {
    /// For one request, connection included.
    pub timeout: Duration,
    /// Requests in flight at once.
    pub concurrency: usize,
    /// Requests per second to one host.
    pub per_host_per_second: u32,
    pub resolve: Vec<Resolve>,
    /// The origin (`https://origin.example.com` or `http://10.0.0.5:8080`): each URL is asked
    /// there too, with its own `Host`, and its validators compared with the edge's.
    pub origin: Option<Url>,
}

impl Default for ProbeOptions {
    fn default() -> Self {
        ProbeOptions {
            timeout: Duration::from_secs(10),
            concurrency: 8,
            per_host_per_second: 5,
            resolve: Vec::new(),
            origin: None,
        }
    }
}

pub struct Probe {
    client: reqwest::Client,
    options: ProbeOptions,
    per_host: Mutex<HashMap<String, Arc<DefaultDirectRateLimiter>>>,
}

impl Probe {
    pub fn new(options: ProbeOptions) -> Result<Probe, String> {
        let mut builder = reqwest::Client::builder()
            .timeout(options.timeout)
            .connect_timeout(options.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!(
                "CacheDesk/",
                env!("CARGO_PKG_VERSION"),
                " edge check"
            ));
        for r in options
            .resolve
            .iter()
            .filter(|r| !r.address.ip().is_loopback())
        {
            builder = builder.resolve(&r.host, r.address);
        }
        let client = builder.build().map_err(|e| e.to_string())?;
        Ok(Probe {
            client,
            options,
            per_host: Mutex::default(),
        })
    }

    /// Checks one URL after a purge (`purge`) or prefetch that finished at `done_at`.
    pub async fn check(&self, url: &str, purge: bool, done_at: DateTime<Utc>) -> Checked {
        let checked_at = Utc::now();
        let failed = |error: String| Checked {
            url: url.to_owned(),
            verdict: Verdict::Error,
            checked_at,
            edge: None,
            origin: None,
            error: Some(error),
        };
        let Ok(parsed) = Url::parse(url) else {
            return failed("not a URL".into());
        };
        let edge = match self.read(&parsed, None).await {
            Ok(edge) => edge,
            Err(e) => return failed(e),
        };
        let origin = match self.origin_url(&parsed) {
            Some(at) => self.read(&at, parsed.host_str()).await.ok(),
            None => None,
        };
        Checked {
            url: url.to_owned(),
            verdict: verdict(purge, done_at, checked_at, &edge, origin.as_ref()),
            checked_at,
            edge: Some(edge),
            origin,
            error: None,
        }
    }

    /// The same path and query at the origin.
    fn origin_url(&self, url: &Url) -> Option<Url> {
        let base = self.options.origin.as_ref()?;
        let mut at = base.clone();
        at.set_path(url.path());
        at.set_query(url.query());
        Some(at)
    }

    /// One answer: HEAD, or `GET` of the first byte where HEAD is refused.
    async fn read(&self, url: &Url, host: Option<&str>) -> Result<Reading, String> {
        let head = self.send(Method::HEAD, url, host).await?;
        if !matches!(
            head.status(),
            StatusCode::METHOD_NOT_ALLOWED | StatusCode::NOT_IMPLEMENTED
        ) {
            return Ok(Reading::from_headers(
                head.status().as_u16(),
                head.headers(),
            ));
        }
        let get = self.send(Method::GET, url, host).await?;
        Ok(Reading::from_headers(get.status().as_u16(), get.headers()))
    }

    async fn send(
        &self,
        method: Method,
        url: &Url,
        host: Option<&str>,
    ) -> Result<reqwest::Response, String> {
        self.limiter(url.host_str().unwrap_or_default())
            .until_ready()
            .await;
        let (target, host) = match self.loopback_edge(url) {
            Some(target) => (target, url.host_str()),
            None => (url.clone(), host),
        };
        let mut request = self.client.request(method.clone(), target);
        if method == Method::GET {
            request = request.header(RANGE, "bytes=0-0");
        }
        if let Some(host) = host.and_then(|h| HeaderValue::from_str(h).ok()) {
            request = request.header(HOST, host);
        }
        request.send().await.map_err(|e| {
            if e.is_timeout() {
                format!("no answer within {} s", self.options.timeout.as_secs())
            } else if e.is_connect() {
                "the edge could not be reached".into()
            } else {
                e.without_url().to_string()
            }
        })
    }

    /// The plain-HTTP address of a loopback edge `url` is resolved to, if it is.
    fn loopback_edge(&self, url: &Url) -> Option<Url> {
        let (host, port) = (url.host_str()?, url.port_or_known_default()?);
        let edge = self.options.resolve.iter().find(|r| {
            r.host.eq_ignore_ascii_case(host) && r.port == port && r.address.ip().is_loopback()
        })?;
        let mut target = Url::parse(&format!("http://{}", edge.address)).ok()?;
        target.set_path(url.path());
        target.set_query(url.query());
        Some(target)
    }

    fn limiter(&self, host: &str) -> Arc<DefaultDirectRateLimiter> {
        let per_second =
            NonZeroU32::new(self.options.per_host_per_second).unwrap_or(NonZeroU32::MIN);
        let mut limiters = self.per_host.lock().unwrap_or_else(|e| e.into_inner());
        Arc::clone(
            limiters
                .entry(host.to_owned())
                .or_insert_with(|| Arc::new(RateLimiter::direct(Quota::per_second(per_second)))),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_follows_curl() {
        let r: Resolve = "www.Example.com:443:203.0.113.7".parse().unwrap();
        assert_eq!((r.host.as_str(), r.port), ("www.example.com", 443));
        assert_eq!(r.address, "203.0.113.7:443".parse::<SocketAddr>().unwrap());
        let v6: Resolve = "a.com:80:[::1]".parse().unwrap();
        assert!(v6.address.is_ipv6());
        let edge: Resolve = "a.com:443:127.0.0.1:8080".parse().unwrap();
        assert_eq!(edge.address.port(), 8080);
        assert!("a.com:443".parse::<Resolve>().is_err());
        assert!("a.com:x:1.2.3.4".parse::<Resolve>().is_err());
    }
}

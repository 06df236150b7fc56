//! Where a vendor client sends its requests: the public HTTPS host, or an override that is
//! HTTPS, or plain HTTP to this machine only (the simulator, tests).

use cachedesk_core::{said, Error, Result, Said, Vendor};
use url::{Host, Url};

/// A checked endpoint: scheme, host and port only.
#[derive(Debug, Clone)]
pub(crate) struct Endpoint {
    pub base: Url,
    /// The `Host` header as sent and signed: the host, plus `:port` when not the default.
    pub host_header: String,
    pub loopback: bool,
}

impl Endpoint {
    /// The absolute URL of `path` (which starts with `/`) on this endpoint.
    pub fn url(&self, path: &str) -> Url {
        let mut url = self.base.clone();
        url.set_path(path);
        url
    }
}

pub(crate) fn resolve(vendor: Vendor, custom: Option<&str>) -> Result<Endpoint> {
    let text = custom
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| vendor.default_endpoint());
    let invalid = |why: Said| {
        let (en, zh) = (why.en(), why.zh_cn());
        Error::InvalidInput(said!("endpoint '{text}': {en}", "接口地址 '{text}'：{zh}"))
    };
    let base =
        Url::parse(text).map_err(|e| invalid(said!("not a URL ({e})", "不是有效的网址（{e}）")))?;
    if !base.username().is_empty() || base.password().is_some() {
        return Err(invalid(said!(
            "must not contain a user name or password",
            "不能包含用户名或密码"
        )));
    }
    if base.query().is_some() || base.fragment().is_some() || base.path() != "/" {
        return Err(invalid(said!(
            "give only the scheme, host and port, e.g. https://cdn.baidubce.com",
            "只填写协议、主机和端口，例如 https://cdn.baidubce.com"
        )));
    }
    let loopback = match base.host() {
        Some(Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        None => return Err(invalid(said!("has no host", "缺少主机名"))),
    };
    match base.scheme() {
        "https" => {}
        "http" if loopback => {}
        "http" => {
            return Err(invalid(said!(
            "plain http is allowed only to this computer (127.0.0.1, ::1, localhost); use https",
            "只有本机地址（127.0.0.1、::1、localhost）可以用 http，其他地址请用 https"
        )))
        }
        _ => {
            return Err(invalid(said!(
                "the scheme must be https",
                "地址必须以 https:// 开头"
            )))
        }
    }
    let host = base.host_str().unwrap_or_default();
    let host_header = match base.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    };
    Ok(Endpoint {
        base,
        host_header,
        loopback,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_public_https() {
        for vendor in Vendor::ALL {
            let e = resolve(vendor, None).unwrap();
            assert_eq!(e.base.scheme(), "https");
            assert!(!e.loopback);
            assert!(!e.host_header.contains(':'));
        }
        assert_eq!(
            resolve(Vendor::BaiduGeo, Some("  ")).unwrap().host_header,
            "geo.baidubce.com"
        );
    }

    #[test]
    fn loopback_may_use_http() {
        for (text, host) in [
            ("http://127.0.0.1:8080", "127.0.0.1:8080"),
            ("http://127.9.9.9:1/", "127.9.9.9:1"),
            ("http://[::1]:9000", "[::1]:9000"),
            ("http://LOCALHOST", "localhost"),
            ("https://cdn.example.com:443", "cdn.example.com"),
            ("https://cdn.example.com:8443", "cdn.example.com:8443"),
        ] {
            let e = resolve(Vendor::BaiduCdn, Some(text)).unwrap();
            assert_eq!(e.host_header, host, "{text}");
        }
    }

    #[test]
    fn refuses_what_could_leak() {
        for text in [
            "http://cdn.baidubce.com",
            "http://10.0.0.1:8080",
            "http://localhost.example.com",
            "ftp://127.0.0.1",
            "https://user:pw@cdn.baidubce.com",
            "https://cdn.baidubce.com/v2",
            "https://cdn.baidubce.com/?x=1",
            "cdn.baidubce.com",
        ] {
            let err = resolve(Vendor::BaiduCdn, Some(text)).unwrap_err();
            assert!(matches!(err, Error::InvalidInput(_)), "{text}: {err:?}");
        }
        let err = resolve(Vendor::Baishan, Some("http://192.168.1.2")).unwrap_err();
        assert!(err.to_string().contains("only to this computer"));
    }
}

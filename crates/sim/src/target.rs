//! The URLs users ask to purge or prefetch.

/// The lower-case host of an `http`/`https` URL, or `None` when it is not one.
pub fn http_host(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url.trim()).ok()?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return None;
    }
    parsed.host_str().map(str::to_ascii_lowercase)
}

/// Whether `host` is `apex` or one of its subdomains.
pub fn under_site(host: &str, apex: &str) -> bool {
    let apex = apex.trim_end_matches('.').to_ascii_lowercase();
    host == apex
        || host
            .strip_suffix(&apex)
            .is_some_and(|rest| rest.ends_with('.'))
}

/// A directory URL names a folder: its path ends with `/`.
pub fn is_directory_url(url: &str) -> bool {
    url::Url::parse(url.trim()).is_ok_and(|u| u.path().ends_with('/'))
}

/// `*` matches any run of characters; everything else literally.
pub fn wildcard_match(pattern: &str, text: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or("");
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return rest.is_empty();
    };
    for part in middle {
        match rest.find(part) {
            Some(i) => rest = &rest[i + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

/// The same URL written another way (`Faults::alternate_url_forms`): the host in Unicode where
/// it is punycode and in punycode where it is Unicode; in the rest, percent-escapes with their
/// hex digits in the other case and raw non-ASCII characters percent-escaped in lower-case hex.
/// Scheme, user info, port and everything else stay as they are; a plain ASCII URL without
/// escapes comes back unchanged.
pub fn alternate_form(url: &str) -> String {
    let Some(scheme_end) = url.find("://").map(|i| i + 3) else {
        return other_escapes(url);
    };
    let rest = &url[scheme_end..];
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    let (user, host_port) = match authority.rfind('@') {
        Some(at) => authority.split_at(at + 1),
        None => ("", authority),
    };
    let (host, port) = match host_port.rfind(':') {
        Some(colon)
            if !host_port.starts_with('[')
                && host_port[colon + 1..].bytes().all(|b| b.is_ascii_digit()) =>
        {
            host_port.split_at(colon)
        }
        _ => (host_port, ""),
    };
    format!(
        "{}{user}{}{port}{}",
        &url[..scheme_end],
        other_host_form(host),
        other_escapes(&rest[authority_end..])
    )
}

fn other_host_form(host: &str) -> String {
    let converted = if !host.is_ascii() {
        url::quirks::domain_to_ascii(host)
    } else if host
        .split('.')
        .any(|label| label.len() > 4 && label[..4].eq_ignore_ascii_case("xn--"))
    {
        url::quirks::domain_to_unicode(host)
    } else {
        String::new()
    };
    if converted.is_empty() {
        host.to_owned()
    } else {
        converted
    }
}

fn other_escapes(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let escape = text
            .get(i + 1..i + 3)
            .filter(|hex| c == '%' && hex.bytes().all(|b| b.is_ascii_hexdigit()));
        if let Some(hex) = escape {
            let flipped = if hex.bytes().any(|b| b.is_ascii_uppercase()) {
                hex.to_ascii_lowercase()
            } else {
                hex.to_ascii_uppercase()
            };
            out.push('%');
            out.push_str(&flipped);
            chars.next();
            chars.next();
        } else if c.is_ascii() {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02x}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_sites_and_directories() {
        assert_eq!(
            http_host("HTTPS://WWW.Example.com:8443/a").as_deref(),
            Some("www.example.com")
        );
        assert_eq!(http_host("ftp://www.example.com/a"), None);
        assert_eq!(http_host("not a url"), None);
        assert!(under_site("img.example.org", "example.org"));
        assert!(under_site("example.org", "Example.org"));
        assert!(!under_site("badexample.org", "example.org"));
        assert!(is_directory_url("http://a.com/dir/"));
        assert!(is_directory_url("http://a.com"));
        assert!(!is_directory_url("http://a.com/dir"));
    }

    #[test]
    fn wildcards() {
        assert!(wildcard_match("http://a/*.js", "http://a/x/y.js"));
        assert!(wildcard_match("*", "anything"));
        assert!(wildcard_match("http://a/x", "http://a/x"));
        assert!(!wildcard_match("http://a/x", "http://a/xy"));
        assert!(wildcard_match("*a*b*", "xxaxxbxx"));
        assert!(!wildcard_match("*a*b", "xxbxxa"));
        assert!(!wildcard_match("ab*ba", "aba"));
    }

    #[test]
    fn alternate_forms() {
        assert_eq!(
            alternate_form("http://www.example.com/%E4%B8%AD.png?q=%2Fa"),
            "http://www.example.com/%e4%b8%ad.png?q=%2fa"
        );
        assert_eq!(
            alternate_form("http://www.example.com/%e4%b8%ad.png"),
            "http://www.example.com/%E4%B8%AD.png"
        );
        assert_eq!(
            alternate_form("https://xn--fiqs8s.example.com:8080/a"),
            "https://中国.example.com:8080/a"
        );
        assert_eq!(
            alternate_form("https://user@中国.example.com/中 b"),
            "https://user@xn--fiqs8s.example.com/%e4%b8%ad b"
        );
        assert_eq!(
            alternate_form("http://www.example.com/plain.js"),
            "http://www.example.com/plain.js"
        );
        assert_eq!(alternate_form("http://a/50%"), "http://a/50%");
        assert_eq!(alternate_form("http://a/%2"), "http://a/%2");
    }
}

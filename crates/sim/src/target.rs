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
}

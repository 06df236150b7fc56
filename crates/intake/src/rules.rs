use cachedesk_core::Action;
use foldhash::HashSet;
use serde::{Deserialize, Serialize};

/// What a line must satisfy for one job: the action and the profile's hostnames.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rules {
    pub action: Action,
    /// Hostnames the profile covers. `example.com` covers exactly that host, `*.example.com`
    /// (or `.example.com`) every host below it but not `example.com` itself. Unicode names
    /// are compared as punycode. `*` alone: any host, as the person chose explicitly; empty
    /// (profiles saved before domains were required): any host too.
    #[serde(default)]
    pub domains: Vec<String>,
    /// Longest normalised URL, in bytes.
    #[serde(default = "Rules::default_max_url_len")]
    pub max_url_len: usize,
}

impl Rules {
    /// No vendor document gives a limit; 2048 is what common servers and proxies accept.
    pub const DEFAULT_MAX_URL_LEN: usize = 2048;

    pub fn new(action: Action) -> Rules {
        Rules {
            action,
            domains: Vec::new(),
            max_url_len: Self::DEFAULT_MAX_URL_LEN,
        }
    }

    pub fn with_domains<S: Into<String>>(mut self, domains: impl IntoIterator<Item = S>) -> Rules {
        self.domains = domains.into_iter().map(Into::into).collect();
        self
    }

    fn default_max_url_len() -> usize {
        Self::DEFAULT_MAX_URL_LEN
    }
}

/// The domain entry by which a profile takes any host.
pub const ANY_HOST: &str = "*";

/// The profile's domains, prepared for fast look-ups.
pub(crate) struct Coverage {
    any: bool,
    exact: HashSet<String>,
    below: HashSet<String>,
}

impl Coverage {
    pub(crate) fn new(domains: &[String]) -> Coverage {
        let entries: Vec<&str> = domains
            .iter()
            .map(|d| d.trim())
            .filter(|d| !d.is_empty())
            .collect();
        let mut coverage = Coverage {
            any: entries.is_empty() || entries.contains(&ANY_HOST),
            exact: HashSet::default(),
            below: HashSet::default(),
        };
        for entry in entries {
            let entry = entry.split_once("://").map_or(entry, |(_, rest)| rest);
            let entry = entry.split(['/', ':']).next().unwrap_or(entry);
            match entry.strip_prefix("*.").or_else(|| entry.strip_prefix('.')) {
                Some(parent) => coverage.below.insert(ascii_host(parent)),
                None => coverage.exact.insert(ascii_host(entry)),
            };
        }
        coverage
    }

    /// `host` is already lower-case ASCII (punycode), as the URL parser leaves it.
    pub(crate) fn covers(&self, host: &str) -> bool {
        if self.any {
            return true;
        }
        let host = host.strip_suffix('.').unwrap_or(host);
        self.exact.contains(host)
            || host
                .match_indices('.')
                .any(|(i, _)| self.below.contains(&host[i + 1..]))
    }
}

/// A profile entry as the URL parser would write the host; an entry that is no valid host
/// stays as typed, so it covers nothing rather than everything.
fn ascii_host(name: &str) -> String {
    let name = name.strip_suffix('.').unwrap_or(name);
    match url::Host::parse(name) {
        Ok(host) => host.to_string(),
        Err(_) => name.to_lowercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn coverage(domains: &[&str]) -> Coverage {
        Coverage::new(&domains.iter().map(|d| d.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn empty_covers_any_host() {
        assert!(coverage(&[]).covers("anything.example"));
        assert!(coverage(&["  "]).covers("anything.example"));
    }

    #[test]
    fn a_lone_star_covers_any_host() {
        assert!(coverage(&["*"]).covers("anything.example"));
        assert!(coverage(&[" * ", "www.example.com"]).covers("other.example"));
    }

    #[test]
    fn exact_and_wildcard() {
        let c = coverage(&[
            "Static.Example.com",
            "*.img.example.org",
            ".cdn.example.net",
        ]);
        assert!(c.covers("static.example.com"));
        assert!(c.covers("static.example.com."));
        assert!(!c.covers("www.static.example.com"));
        assert!(c.covers("a.img.example.org"));
        assert!(c.covers("a.b.img.example.org"));
        assert!(!c.covers("img.example.org"));
        assert!(!c.covers("evilimg.example.org"));
        assert!(c.covers("x.cdn.example.net"));
    }

    #[test]
    fn unicode_entries_and_pasted_urls() {
        let c = coverage(&["例子.测试", "https://www.example.com:8443/path"]);
        assert!(c.covers("xn--fsqu00a.xn--0zwm56d"));
        assert!(c.covers("www.example.com"));
    }

    #[test]
    fn an_invalid_entry_covers_nothing() {
        assert!(!coverage(&["bad host"]).covers("example.com"));
    }
}

//! Query strings as each vendor reads them.

use percent_encoding::percent_decode_str;

/// Decoded query pairs in the order received; empty values kept (`id=` → `("id", "")`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params(pub Vec<(String, String)>);

impl Params {
    /// BCE: only `%XX` is decoded (`+` stays `+`), as BCE clients encode the query.
    pub fn bce(raw: Option<&str>) -> Params {
        let decode = |s: &str| percent_decode_str(s).decode_utf8_lossy().into_owned();
        let pairs = raw
            .unwrap_or("")
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| match pair.split_once('=') {
                Some((k, v)) => (decode(k), decode(v)),
                None => (decode(pair), String::new()),
            })
            .collect();
        Params(pairs)
    }

    /// HTML-form decoding (`+` is a space), as a PHP-style server such as Baishan's reads it.
    pub fn form(raw: &[u8]) -> Params {
        Params(url::form_urlencoded::parse(raw).into_owned().collect())
    }

    /// The first value of `key`, when present and not empty: empty values mean "not set".
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// Whether `key` was sent at all, even empty (`url=`).
    pub fn has(&self, key: &str) -> bool {
        self.0.iter().any(|(k, _)| k == key)
    }

    /// Every non-empty value of `key`.
    pub fn all<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.trim().is_empty())
    }

    pub fn pairs(&self) -> Vec<(&str, &str)> {
        self.0
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::Params;

    #[test]
    fn bce_keeps_empty_values_and_plus() {
        let p = Params::bce(Some("id=&marker=&url=http%3A%2F%2Fa%2Fb%2Bc%20d&flag"));
        assert_eq!(
            p.pairs(),
            [
                ("id", ""),
                ("marker", ""),
                ("url", "http://a/b+c d"),
                ("flag", "")
            ]
        );
        assert_eq!(p.get("id"), None);
        assert!(p.has("id") && !p.has("type"));
        assert_eq!(p.get("url"), Some("http://a/b+c d"));
        assert!(Params::bce(None).0.is_empty());
    }

    #[test]
    fn form_reads_plus_as_space_and_repeats() {
        let p = Params::form(b"urls=http%3A%2F%2Fa%2F1&urls=&urls=b+c");
        assert_eq!(p.all("urls").collect::<Vec<_>>(), ["http://a/1", "b c"]);
    }
}

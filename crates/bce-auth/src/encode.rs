use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Everything but `A–Z a–z 0–9 - _ . ~` is escaped (upper-case hex), as the SDKs' `normalize_string`.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

const UNRESERVED_AND_SLASH: &AsciiSet = &UNRESERVED.remove(b'/');

/// Percent-encodes `s` the BCE way; `/` is kept only when `keep_slash` (paths), escaped in queries.
pub fn uri_encode(s: &str, keep_slash: bool) -> String {
    let set = if keep_slash {
        UNRESERVED_AND_SLASH
    } else {
        UNRESERVED
    };
    utf8_percent_encode(s, set).to_string()
}

/// The canonical query string: `enc(k)=enc(v)` pairs (empty values kept as `k=`), sorted by the
/// encoded text, joined with `&`. The same string is what goes on the wire.
pub fn canonical_query<'a>(params: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut pairs: Vec<String> = params
        .into_iter()
        .map(|(k, v)| format!("{}={}", uri_encode(k, false), uri_encode(v, false)))
        .collect();
    pairs.sort();
    pairs.join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_js_forgets() {
        assert_eq!(uri_encode("a b*c~d!'()", false), "a%20b%2Ac~d%21%27%28%29");
        assert_eq!(uri_encode("/图", true), "/%E5%9B%BE");
        assert_eq!(uri_encode("/", false), "%2F");
    }
}

//! The common line, normalised without the URL parser: `http(s)://` and a host of ASCII
//! letters, digits, dots and hyphens, then a path and query of characters the parser keeps as
//! they are (or percent-encodes: spaces and non-ASCII). Most of a million-line list is such
//! lines, and the parser, with its IDNA mapping of the host, costs several times more. Any line
//! it is not sure of goes to the parser; the tests below compare the two.

use crate::normalise::{push_as_in_url, Normal};

/// The normalised URL of `text` when it is plain, as the URL parser would write it; `None`
/// when the parser must decide. `text` has no stray `%` (each starts a `%XX` escape).
pub(crate) fn normalise(text: &str) -> Option<Normal> {
    let (scheme, rest) = split_scheme(text)?;
    if text.ends_with(' ') {
        return None;
    }
    let rest = match rest.as_bytes().iter().position(|&b| b == b'#') {
        Some(fragment) => &rest[..fragment],
        None => rest,
    };
    let bytes = rest.as_bytes();
    let host_len = bytes
        .iter()
        .position(|&b| b == b'/' || b == b'?')
        .unwrap_or(bytes.len());
    if !is_plain_host(&bytes[..host_len]) {
        return None;
    }
    let (path, query) = match bytes[host_len..].iter().position(|&b| b == b'?') {
        Some(at) => (
            &rest[host_len..host_len + at],
            Some(&rest[host_len + at + 1..]),
        ),
        None => (&rest[host_len..], None),
    };
    let path_encoded = scan(path.as_bytes(), &PATH)?;
    let query_encoded = match query {
        Some(query) => scan(query.as_bytes(), &QUERY)?,
        None => 0,
    };

    // Each encoded byte becomes three characters; the `/` of an empty path is one more.
    let mut url = String::with_capacity(text.len() + 1 + 2 * (path_encoded + query_encoded));
    url.push_str(scheme);
    url.push_str("://");
    let host = url.len()..url.len() + host_len;
    url.push_str(&rest[..host_len]);
    url[host.clone()].make_ascii_lowercase();
    match path {
        "" => url.push('/'),
        path if path_encoded > 0 => push_as_in_url(&mut url, path),
        path => url.push_str(path),
    }
    let path_range = host.end..url.len();
    if let Some(query) = query {
        url.push('?');
        if query_encoded > 0 {
            push_as_in_url(&mut url, query);
        } else {
            url.push_str(query);
        }
    }
    Some(Normal::new(url, host, path_range, query.is_some()))
}

/// `http` or `https` (any case) and what follows `://`.
fn split_scheme(text: &str) -> Option<(&'static str, &str)> {
    let starts = |prefix: &str| {
        text.as_bytes()
            .get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
    };
    if starts("https://") {
        Some(("https", &text[8..]))
    } else if starts("http://") {
        Some(("http", &text[7..]))
    } else {
        None
    }
}

/// Labels of ASCII letters, digits and hyphens, none empty and none punycode (`xn--`), the
/// last starting with a letter so it is no IPv4 address (`1.2.3.4`, `0x7f.1`). The parser
/// only lower-cases such a name.
fn is_plain_host(host: &[u8]) -> bool {
    let plain_label = |label: &[u8]| {
        !label.is_empty()
            && !label
                .get(..4)
                .is_some_and(|head| head.eq_ignore_ascii_case(b"xn--"))
    };
    let mut label = 0;
    for (i, &b) in host.iter().enumerate() {
        if b == b'.' {
            if !plain_label(&host[label..i]) {
                return false;
            }
            label = i + 1;
        } else if !(b.is_ascii_alphanumeric() || b == b'-') {
            return false;
        }
    }
    let last = &host[label..];
    plain_label(last) && last[0].is_ascii_alphabetic()
}

/// A segment the parser resolves: `.`, `..`, or one spelt with `%2e`.
fn is_dot_segment(segment: &[u8]) -> bool {
    let is = |dots: &[u8]| segment.eq_ignore_ascii_case(dots);
    match segment.len() {
        1 => is(b"."),
        2 => is(b".."),
        3 => is(b"%2e"),
        4 => is(b".%2e") || is(b"%2e."),
        6 => is(b"%2e%2e"),
        _ => false,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Byte {
    Kept,
    /// A space or a byte of a non-ASCII character: percent-encoded.
    Encoded,
    /// Left to the parser.
    Unsure,
}

/// Letters, digits and the punctuation the parser keeps as typed in a path; `*` is left to the
/// parser (a wildcard is refused after it).
const PATH: [Byte; 256] = classes(b"-._~!$&'()+,;=:@/%");
/// As in a path, and `?` and `*`; not `'`, which the parser encodes in the query of `http(s)`.
const QUERY: [Byte; 256] = classes(b"-._~!$&()+,;=:@/%?*");

const fn classes(punctuation: &[u8]) -> [Byte; 256] {
    let mut table = [Byte::Unsure; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        if byte.is_ascii_alphanumeric() {
            table[b] = Byte::Kept;
        } else if byte == b' ' || !byte.is_ascii() {
            table[b] = Byte::Encoded;
        }
        b += 1;
    }
    let mut i = 0;
    while i < punctuation.len() {
        table[punctuation[i] as usize] = Byte::Kept;
        i += 1;
    }
    table
}

/// `None` when a byte or a segment is left to the parser; otherwise how many bytes are
/// percent-encoded.
fn scan(part: &[u8], classes: &[Byte; 256]) -> Option<usize> {
    let mut encoded = 0;
    let mut segment = 0;
    for (i, &b) in part.iter().enumerate() {
        match classes[usize::from(b)] {
            Byte::Kept if b == b'/' => {
                if is_dot_segment(&part[segment..i]) {
                    return None;
                }
                segment = i + 1;
            }
            Byte::Kept => {}
            Byte::Encoded => encoded += 1,
            Byte::Unsure => return None,
        }
    }
    (!is_dot_segment(&part[segment..])).then_some(encoded)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalise::{escape_stray_percent, parse_with_url};
    use proptest::prelude::*;

    fn plain(text: &str) -> Option<String> {
        normalise(text).map(String::from)
    }

    /// Where the fast path answers, the parser answers the same: URL, host, path and query.
    fn same_as_the_parser(text: &str) {
        let text = escape_stray_percent(text);
        if let Some(fast) = normalise(&text) {
            let parsed = parse_with_url(&text).expect("the parser takes a plain URL");
            assert_eq!(
                (fast.host(), fast.path(), fast.has_query()),
                (parsed.host(), parsed.path(), parsed.has_query()),
                "{text:?}"
            );
            assert_eq!(String::from(fast), String::from(parsed), "{text:?}");
        }
    }

    #[test]
    fn plain_lines_are_written_as_the_parser_writes_them() {
        assert_eq!(
            plain("HTTPS://Static.Example.COM/a/B.js?v=1#top").as_deref(),
            Some("https://static.example.com/a/B.js?v=1")
        );
        assert_eq!(
            plain("http://a.com/新闻 1.png?名=图 1").as_deref(),
            Some("http://a.com/%E6%96%B0%E9%97%BB%201.png?%E5%90%8D=%E5%9B%BE%201")
        );
        assert_eq!(plain("https://a.com").as_deref(), Some("https://a.com/"));
        assert_eq!(
            plain("https://a.com?x").as_deref(),
            Some("https://a.com/?x")
        );
        for text in [
            "https://例子.测试/",
            "https://xn--fsqu00a.xn--0zwm56d/",
            "https://1.2.3.4/",
            "https://a.0x7f/",
            "https://a..com/",
            "https://a.com:8080/",
            "https://u@a.com/",
            "https://a.com/./x",
            "https://a.com/x/%2E%2e",
            "https://a.com/*.png",
            "https://a.com/a\\b",
            "https://a.com/?q='x'",
            "ftp://a.com/",
        ] {
            assert_eq!(plain(text), None, "{text}");
            same_as_the_parser(text);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]
        #[test]
        fn the_fast_path_agrees_with_the_parser(
            text in "(?i:https?)://[a-zA-Z0-9.-]{0,14}(/[a-zA-Z0-9._~!$&'()+,;=:@%/ *?#\\\\\"<>`{}|^\\[\\]图é-]{0,16})?"
        ) {
            same_as_the_parser(&text);
        }
    }
}

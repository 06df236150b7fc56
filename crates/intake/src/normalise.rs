//! One trimmed line to the URL a CDN will be sent: IDN host to punycode, host lower-cased,
//! non-ASCII and spaces in path and query percent-encoded once, fragment dropped.

use crate::{plain, RejectReason};
use std::borrow::Cow;
use std::ops::Range;
use url::{Host, ParseError, Position, Url};

/// A normalised URL, and where its host and path are in it.
#[derive(Debug)]
pub(crate) struct Normal {
    url: String,
    host: Range<usize>,
    path: Range<usize>,
    has_query: bool,
}

impl Normal {
    pub(crate) fn new(
        url: String,
        host: Range<usize>,
        path: Range<usize>,
        has_query: bool,
    ) -> Normal {
        Normal {
            url,
            host,
            path,
            has_query,
        }
    }

    fn from_url(url: Url) -> Normal {
        let at = |position: Position| url[..position].len();
        let host = at(Position::BeforeHost)..at(Position::AfterHost);
        let path = at(Position::BeforePath)..at(Position::AfterPath);
        let has_query = url.query().is_some();
        Normal::new(url.into(), host, path, has_query)
    }

    pub(crate) fn host(&self) -> &str {
        &self.url[self.host.clone()]
    }

    pub(crate) fn path(&self) -> &str {
        &self.url[self.path.clone()]
    }

    pub(crate) fn has_query(&self) -> bool {
        self.has_query
    }

    /// The URL with `/` added to its path, query kept.
    pub(crate) fn with_slash(&self) -> String {
        let (before, after) = self.url.split_at(self.path.end);
        format!("{before}/{after}")
    }
}

impl From<Normal> for String {
    fn from(normal: Normal) -> String {
        normal.url
    }
}

pub(crate) fn parse(text: &str) -> Result<Normal, RejectReason> {
    if has_extra_text(text) {
        return Err(RejectReason::ExtraText);
    }
    let escaped = escape_stray_percent(text);
    plain::normalise(&escaped).map_or_else(|| parse_with_url(&escaped), Ok)
}

/// `text` (with no stray `%`) through the URL parser.
pub(crate) fn parse_with_url(text: &str) -> Result<Normal, RejectReason> {
    let has_separator = || text.contains("://");
    let mut url = match Url::parse(text) {
        Ok(url) if matches!(url.scheme(), "http" | "https") => url,
        Ok(_) if has_separator() => return Err(RejectReason::UnsupportedScheme),
        Ok(_) | Err(ParseError::RelativeUrlWithoutBase) if !has_separator() => {
            return Err(scheme_missing_or_not_a_url(text))
        }
        Err(ParseError::EmptyHost) => return Err(RejectReason::MissingHost),
        Err(
            ParseError::IdnaError
            | ParseError::InvalidDomainCharacter
            | ParseError::InvalidIpv4Address
            | ParseError::InvalidIpv6Address
            | ParseError::InvalidPort,
        ) => return Err(RejectReason::InvalidHost),
        Err(_) | Ok(_) => return Err(RejectReason::NotAUrl),
    };
    if !url.username().is_empty() || url.password().is_some() {
        return Err(RejectReason::HasCredentials);
    }
    if url.host_str().unwrap_or_default().contains('*') || url.path().contains('*') {
        return Err(RejectReason::WildcardNotAllowed);
    }
    url.set_fragment(None);
    Ok(Normal::from_url(url))
}

/// `example.com/a.png` lacks only its scheme; `hello` is no address at all.
fn scheme_missing_or_not_a_url(text: &str) -> RejectReason {
    let authority = text.trim_start_matches('/');
    let authority = authority.split(['/', '?', '#']).next().unwrap_or(authority);
    let host = match authority.rsplit_once(':') {
        Some((host, port)) if port.bytes().all(|b| b.is_ascii_digit()) => host,
        _ => authority,
    };
    match Host::parse(host) {
        Ok(Host::Domain(name)) if name.contains('.') => RejectReason::MissingScheme,
        Ok(Host::Ipv4(_)) => RejectReason::MissingScheme,
        _ => RejectReason::NotAUrl,
    }
}

/// The URL parser silently drops tabs and encodes spaces, so `url<TAB>note` (two pasted
/// spreadsheet cells) or `url1 url2` would become one wrong address.
fn has_extra_text(text: &str) -> bool {
    // A fold without early exit: the compiler vectorises it, and most lines have no separator.
    let maybe_separated = text.bytes().fold(false, |found, b| {
        found | matches!(b, b'\t' | b'\n' | b'\r' | b' ' | b',' | b';') | !b.is_ascii()
    });
    if !maybe_separated {
        return false;
    }
    // A tab, or a line break inside a CSV or spreadsheet cell: two things in one line (the URL
    // parser would silently drop the break and join them).
    if text.contains(['\t', '\n', '\r']) {
        return true;
    }
    let is_separator = |c: char| c.is_whitespace() || matches!(c, ',' | ';' | '，' | '；' | '、');
    text.split(is_separator)
        .filter(|word| starts_with_http(word))
        .nth(1)
        .is_some()
}

/// `http:` or `https:` and anything after, read as the URL parser reads it: leading controls and
/// spaces dropped, tabs and line breaks ignored, `https:/a.com` and `https:\\a.com` repaired to
/// `https://a.com/`. Found by fuzzing: `https:/a.com/?x=0,https://b.com/` and
/// `\u{10}https://a.com/;https://b.com/` were taken, and their own normalised forms refused.
fn starts_with_http(word: &str) -> bool {
    let mut head = [0u8; 6];
    let read = word
        .bytes()
        .skip_while(|b| *b <= b' ')
        .filter(|b| !matches!(b, b'\t' | b'\n' | b'\r'))
        .zip(head.iter_mut())
        .map(|(b, slot)| *slot = b.to_ascii_lowercase())
        .count();
    let head = &head[..read];
    head.starts_with(b"http:") || head.starts_with(b"https:")
}

/// A `%` that starts no `%XX` escape is a literal percent sign: encode it as `%25`, so the
/// result is valid and a second pass leaves it alone.
pub(crate) fn escape_stray_percent(text: &str) -> Cow<'_, str> {
    if !text.contains('%') {
        return Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let is_stray = |i: usize| {
        bytes[i] == b'%'
            && !(bytes.len() > i + 2
                && bytes[i + 1].is_ascii_hexdigit()
                && bytes[i + 2].is_ascii_hexdigit())
    };
    let Some(first) = (0..bytes.len()).find(|&i| is_stray(i)) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len() + 8);
    let mut from = 0;
    for i in (first..bytes.len()).filter(|&i| is_stray(i)) {
        out.push_str(&text[from..=i]);
        out.push_str("25");
        from = i + 1;
    }
    out.push_str(&text[from..]);
    Cow::Owned(out)
}

/// Text as a normalised URL's path or query holds it: non-ASCII, controls and spaces
/// percent-encoded (upper-case hex, as the URL parser writes them). For searching stored URLs
/// with what a person typed, such as a Chinese file name.
pub fn as_in_url(text: &str) -> Cow<'_, str> {
    percent_encoding::utf8_percent_encode(text, ENCODED_IN_URL).into()
}

/// [`as_in_url`], written at the end of `out`.
pub(crate) fn push_as_in_url(out: &mut String, text: &str) {
    out.extend(percent_encoding::utf8_percent_encode(text, ENCODED_IN_URL));
}

const ENCODED_IN_URL: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS.add(b' ');

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(text: &str) -> Result<String, RejectReason> {
        parse(text).map(String::from)
    }

    #[test]
    fn idn_host_and_chinese_path() {
        assert_eq!(
            norm("https://例子.测试/图片 1.png").unwrap(),
            "https://xn--fsqu00a.xn--0zwm56d/%E5%9B%BE%E7%89%87%201.png"
        );
    }

    #[test]
    fn already_encoded_stays() {
        let done = "https://a.com/%E5%9B%BE%20x.png?q=%E5%9B%BE";
        assert_eq!(norm(done).unwrap(), done);
        assert_eq!(
            norm("https://a.com/%e5%9b%be").unwrap(),
            "https://a.com/%e5%9b%be"
        );
    }

    #[test]
    fn mixed_encoded_and_raw() {
        assert_eq!(
            norm("https://a.com/%E5%9B%BE/片?名=图 1").unwrap(),
            "https://a.com/%E5%9B%BE/%E7%89%87?%E5%90%8D=%E5%9B%BE%201"
        );
    }

    #[test]
    fn searched_text_is_encoded_as_in_a_normalised_url() {
        let url = norm("https://img.example.com/图片/新闻 1.png").unwrap();
        assert!(url.contains(&*as_in_url("图片/新闻 1")));
        assert_eq!(as_in_url("file-1.js"), "file-1.js");
    }

    #[test]
    fn stray_percent_is_encoded_once() {
        assert_eq!(
            norm("https://a.com/100%.png").unwrap(),
            "https://a.com/100%25.png"
        );
        assert_eq!(
            norm("https://a.com/100%25.png").unwrap(),
            "https://a.com/100%25.png"
        );
        assert_eq!(norm("https://a.com/%").unwrap(), "https://a.com/%25");
        assert_eq!(norm("https://a.com/%4").unwrap(), "https://a.com/%254");
    }

    #[test]
    fn host_is_lower_cased_fragment_dropped_query_kept() {
        assert_eq!(
            norm("HTTPS://WWW.Example.COM/A.png?X=1#top").unwrap(),
            "https://www.example.com/A.png?X=1"
        );
        assert_eq!(norm("http://a.com").unwrap(), "http://a.com/");
        assert_eq!(norm("https://a.com:443/x").unwrap(), "https://a.com/x");
    }

    #[test]
    fn scheme_problems() {
        assert_eq!(norm("ftp://a.com/x"), Err(RejectReason::UnsupportedScheme));
        assert_eq!(norm("www.a.com/x.png"), Err(RejectReason::MissingScheme));
        assert_eq!(norm("a.com:8080/x"), Err(RejectReason::MissingScheme));
        assert_eq!(norm("//a.com/x"), Err(RejectReason::MissingScheme));
        assert_eq!(norm("例子.测试/x"), Err(RejectReason::MissingScheme));
        assert_eq!(norm("hello"), Err(RejectReason::NotAUrl));
        assert_eq!(norm("刷新列表"), Err(RejectReason::NotAUrl));
        assert_eq!(norm("javascript:alert(1)"), Err(RejectReason::NotAUrl));
        assert_eq!(norm("mailto:x@a.com"), Err(RejectReason::NotAUrl));
        assert_eq!(norm("10.0.0.1/x.png"), Err(RejectReason::MissingScheme));
    }

    #[test]
    fn host_problems() {
        assert_eq!(norm("https://"), Err(RejectReason::MissingHost));
        assert_eq!(
            norm("https://exa mple.com/"),
            Err(RejectReason::InvalidHost)
        );
        assert_eq!(norm("https://a.com:99999/"), Err(RejectReason::InvalidHost));
        assert_eq!(
            norm("https://user:pw@a.com/"),
            Err(RejectReason::HasCredentials)
        );
    }

    #[test]
    fn wildcards_in_host_or_path_but_not_query() {
        assert_eq!(
            norm("https://*.a.com/x"),
            Err(RejectReason::WildcardNotAllowed)
        );
        assert_eq!(
            norm("https://a.com/img/*.png"),
            Err(RejectReason::WildcardNotAllowed)
        );
        assert!(norm("https://a.com/s?q=*").is_ok());
    }

    #[test]
    fn extra_text() {
        assert_eq!(norm("https://a.com/x\tnote"), Err(RejectReason::ExtraText));
        assert_eq!(
            norm("https://a.com/x https://a.com/y"),
            Err(RejectReason::ExtraText)
        );
        assert_eq!(
            norm("https://a.com/x，HTTP://a.com/y"),
            Err(RejectReason::ExtraText)
        );
        assert!(norm("https://a.com/r?to=https://b.com/").is_ok());
        // A URL the parser repairs is still a URL: the line says two things, like its repair.
        for line in [
            "https:/a.com/?x=0,https://b.com/",
            "HTTPS:\\a.com/x https:b.com",
            "https://a.com/;\u{10}https://b.com/",
            "\u{10}https://a.com/;https://b.com/",
            "https://a.com/,ht\ntps://b.com/",
        ] {
            assert_eq!(norm(line), Err(RejectReason::ExtraText), "{line}");
        }
        assert_eq!(
            norm("https://a.com/?x=0,https://b.com/"),
            Err(RejectReason::ExtraText)
        );
        assert!(norm("https://a.com/a b.png").is_ok());
    }
}

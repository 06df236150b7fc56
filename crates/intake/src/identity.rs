//! When two spellings name the same URL. A vendor may list what was sent with its host in
//! Unicode instead of punycode, or its path and query percent-encoded another way (lower-case
//! hex, a character escaped or not): `same_url` compares what the spellings mean.

use percent_encoding::percent_decode_str;
use url::Url;

/// A key equal for every spelling of one URL: scheme, punycode host, port, and the path and
/// query with every percent-escape decoded. Text that is no URL is its own key.
pub fn url_identity(text: &str) -> String {
    let text = text.trim();
    let Ok(url) = Url::parse(text) else {
        return text.to_owned();
    };
    let decode = |part: &str| percent_decode_str(part).decode_utf8_lossy().into_owned();
    let mut key = format!("{}://{}", url.scheme(), url.host_str().unwrap_or_default());
    if let Some(port) = url.port() {
        key.push_str(&format!(":{port}"));
    }
    key.push_str(&decode(url.path()));
    if let Some(query) = url.query() {
        key.push('?');
        key.push_str(&decode(query));
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_url_share_a_key() {
        let sent = "https://xn--fsqu00a.xn--0zwm56d/%E5%9B%BE%E7%89%87%201.png?q=%E4%B8%AD";
        for listed in [
            "https://例子.测试/%e5%9b%be%e7%89%87%201.png?q=%e4%b8%ad",
            "https://例子.测试/图片 1.png?q=中",
            "HTTPS://XN--FSQU00A.xn--0zwm56d/%E5%9B%BE%E7%89%87%201.png?q=%E4%B8%AD",
            "https://xn--fsqu00a.xn--0zwm56d:443/%E5%9B%BE%E7%89%87%201.png?q=%E4%B8%AD",
        ] {
            assert_eq!(url_identity(listed), url_identity(sent), "{listed}");
        }
    }

    #[test]
    fn different_urls_keep_different_keys() {
        let a = url_identity("https://www.example.com/a.png");
        assert_ne!(a, url_identity("https://www.example.com/b.png"));
        assert_ne!(a, url_identity("http://www.example.com/a.png"));
        assert_ne!(a, url_identity("https://www.example.com:8080/a.png"));
        assert_ne!(a, url_identity("https://www.example.com/a.png?v=2"));
        assert_eq!(url_identity(" not a url "), "not a url");
    }
}

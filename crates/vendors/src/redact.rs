//! Keeps Baishan's token (it travels in the query string) out of every message we produce.

use cachedesk_core::Secret;

/// Scrubs `token=...` query values and the literal secret from text before it leaves the client.
#[derive(Clone, Default)]
pub(crate) struct Redactor {
    secret: Option<Secret>,
}

const MASK: &str = "***";

impl Redactor {
    pub fn new(secret: Option<Secret>) -> Redactor {
        Redactor {
            secret: secret.filter(|s| !s.is_empty()),
        }
    }

    pub fn scrub(&self, text: &str) -> String {
        let masked = mask_token_params(text);
        match &self.secret {
            Some(secret) => masked.replace(secret.expose(), MASK),
            None => masked,
        }
    }
}

/// Replaces the value after every `token=` (any case) up to the next delimiter.
fn mask_token_params(text: &str) -> String {
    const KEY: &str = "token=";
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut rest = 0;
    while let Some(found) = lower[rest..].find(KEY) {
        let value_start = rest + found + KEY.len();
        let value_len = text[value_start..]
            .find(|c: char| {
                matches!(c, '&' | '#' | '"' | '\'' | '<' | '>' | ')') || c.is_whitespace()
            })
            .unwrap_or(text.len() - value_start);
        out.push_str(&text[rest..value_start]);
        if value_len > 0 {
            out.push_str(MASK);
        }
        rest = value_start + value_len;
    }
    out.push_str(&text[rest..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_query_values_and_the_secret() {
        let r = Redactor::new(Some(Secret::new("tok-fake-42")));
        let text = "GET https://x/v2?Token=abc%2Fd&page=1 (token=) body says tok-fake-42; token=z";
        assert_eq!(
            r.scrub(text),
            "GET https://x/v2?Token=***&page=1 (token=) body says ***; token=***"
        );
        assert_eq!(
            Redactor::default().scrub("no secrets here"),
            "no secrets here"
        );
        assert_eq!(r.scrub("中文 token=值 尾"), "中文 token=*** 尾");
    }
}

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

    /// The secret first, then `token=` values: masking the secret first keeps a delimiter in
    /// it from ending a value early (found by fuzzing: with the secret `&`, `token=ab&X` lost
    /// its `&` to the mask after the value was masked, and `token=******X` was not one value).
    pub fn scrub(&self, text: &str) -> String {
        match &self.secret {
            Some(secret) => {
                mask_token_params(&text.replace(secret.expose(), secret_mask(secret.expose())))
            }
            None => mask_token_params(text),
        }
    }
}

/// `***`, unless the secret has a `*`: then `***` beside what is left could spell the secret
/// again (found by fuzzing: the secret `*a` in `**a` became `****`... and `a**` in `aa**`
/// became `a***`). A mask of a character the secret lacks can never be part of it.
fn secret_mask(secret: &str) -> &'static str {
    ["***", "###", "~~~", "___", "???"]
        .into_iter()
        .find(|mask| !secret.contains(&mask[..1]))
        .unwrap_or("\u{2022}\u{2022}\u{2022}")
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

    /// Found by the `redact` fuzz target: with a `*` in the secret, the `***` put in its place
    /// and the text beside it spelled the secret again.
    #[test]
    fn a_secret_with_stars_does_not_come_back_from_its_own_mask() {
        for (secret, text) in [("a**", "aa**"), ("**", "x**y"), ("*a*", "**a**a*")] {
            let scrubbed = Redactor::new(Some(Secret::new(secret))).scrub(text);
            assert!(!scrubbed.contains(secret), "{secret:?} in {scrubbed:?}");
        }
        assert_eq!(
            Redactor::new(Some(Secret::new("a**"))).scrub("x a** y"),
            "x ### y"
        );
    }

    /// Found by the `redact` fuzz target: a delimiter in the secret ended no value early.
    #[test]
    fn a_secret_with_a_delimiter_leaves_each_token_value_masked_once() {
        let r = Redactor::new(Some(Secret::new("&")));
        let once = r.scrub("token=ab&TOKEN=cd");
        assert_eq!(once, "token=***");
        assert_eq!(r.scrub(&once), once);
    }
}

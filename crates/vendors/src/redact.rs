//! Keeps Baishan's token (it travels in the query string) out of every message we produce.

use cachedesk_core::{redact, Secret};

/// Scrubs `token=...` query values and the literal secret from text before it leaves the client.
#[derive(Clone, Default)]
pub(crate) struct Redactor {
    secret: Option<Secret>,
}

impl Redactor {
    pub fn new(secret: Option<Secret>) -> Redactor {
        Redactor {
            secret: secret.filter(|s| !s.is_empty()),
        }
    }

    /// See [`cachedesk_core::redact::scrub`]: the secret first, then `token=` values.
    pub fn scrub(&self, text: &str) -> String {
        redact::scrub(text, self.secret.iter().map(Secret::expose))
    }
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

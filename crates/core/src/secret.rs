use secrecy::{ExposeSecret, SecretString};
use std::fmt;

/// A credential that never prints, never serialises, and is wiped from memory when dropped.
#[derive(Clone)]
pub struct Secret(SecretString);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(SecretString::from(value.into()))
    }

    /// The only way to read the value: at the point where it is signed or sent.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }

    pub fn is_empty(&self) -> bool {
        self.expose().trim().is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// What a vendor needs to authenticate a request.
#[derive(Clone, Debug)]
pub enum Credentials {
    /// BCE v1 (Baidu CDN, Baidu GEO). The access key id is an identifier, not a secret.
    AccessKey {
        access_key_id: String,
        secret_access_key: Secret,
    },
    /// Baishan's API token (travels in the query string).
    Token(Secret),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_prints() {
        let c = Credentials::AccessKey {
            access_key_id: "ak-fake".into(),
            secret_access_key: Secret::new("sk-fake-value"),
        };
        let shown = format!("{c:?} {}", Secret::new("tok-fake-value"));
        assert!(!shown.contains("sk-fake-value") && !shown.contains("tok-fake-value"));
        assert!(shown.contains("***"));
    }
}

//! The one JSON document kept per profile in the keyring. It exists only here, between the
//! keyring and `Credentials`; it never reaches a file, a log or an error message.

use cachedesk_core::{Credentials, Error, Result, Secret};
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Stored {
    AccessKey {
        access_key_id: String,
        secret_access_key: String,
    },
    Token {
        token: String,
    },
}

pub(crate) fn to_json(credentials: &Credentials) -> Secret {
    let stored = match credentials {
        Credentials::AccessKey {
            access_key_id,
            secret_access_key,
        } => Stored::AccessKey {
            access_key_id: access_key_id.clone(),
            secret_access_key: secret_access_key.expose().to_owned(),
        },
        Credentials::Token(token) => Stored::Token {
            token: token.expose().to_owned(),
        },
    };
    // Serialising an enum of strings into memory cannot fail.
    Secret::new(serde_json::to_string(&stored).unwrap_or_default())
}

pub(crate) fn from_json(json: &str) -> Result<Credentials> {
    let stored: Stored = serde_json::from_str(json).map_err(|_| {
        Error::Keyring(
            "the saved entry for this profile is not one CacheDesk wrote; save the credentials again"
                .into(),
        )
    })?;
    Ok(match stored {
        Stored::AccessKey {
            access_key_id,
            secret_access_key,
        } => Credentials::AccessKey {
            access_key_id,
            secret_access_key: Secret::new(secret_access_key),
        },
        Stored::Token { token } => Credentials::Token(Secret::new(token)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_both_kinds() {
        let ak = Credentials::AccessKey {
            access_key_id: "ak-test-0001".into(),
            secret_access_key: Secret::new("sk-test-0001"),
        };
        let Credentials::AccessKey {
            access_key_id,
            secret_access_key,
        } = from_json(to_json(&ak).expose()).unwrap()
        else {
            panic!("kind changed")
        };
        assert_eq!(
            (access_key_id.as_str(), secret_access_key.expose()),
            ("ak-test-0001", "sk-test-0001")
        );

        let tok = from_json(to_json(&Credentials::Token(Secret::new("tok-test-0001"))).expose());
        assert!(matches!(tok, Ok(Credentials::Token(t)) if t.expose() == "tok-test-0001"));
    }

    #[test]
    fn foreign_entry_is_an_error_without_its_content() {
        let e = from_json("hunter2-not-json").unwrap_err();
        assert!(!e.to_string().contains("hunter2"));
        assert_eq!(e.code(), cachedesk_core::ErrorCode::Keyring);
    }
}

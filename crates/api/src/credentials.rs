//! Credentials that come from somewhere else than the keyring: the environment (for CI) and the
//! demo simulator's account.

use cachedesk_core::{said, Credentials, Error, Result, Secret, Vendor};
use cachedesk_sim::{DEMO_ACCESS_KEY, DEMO_SECRET_KEY, DEMO_TOKEN};

pub const ACCESS_KEY_ENV: &str = "CACHEDESK_ACCESS_KEY";
pub const SECRET_KEY_ENV: &str = "CACHEDESK_SECRET_KEY";
pub const TOKEN_ENV: &str = "CACHEDESK_TOKEN";

/// The variables that carry this vendor's credentials, for messages.
pub fn env_names(vendor: Vendor) -> String {
    if vendor.uses_access_keys() {
        format!("{ACCESS_KEY_ENV} + {SECRET_KEY_ENV}")
    } else {
        TOKEN_ENV.to_owned()
    }
}

fn env_value(key: &str) -> Option<String> {
    std::env::var(key).ok().filter(|v| !v.trim().is_empty())
}

/// The vendor's credentials from the environment, `None` when they are not set there.
pub fn from_env(vendor: Vendor) -> Result<Option<Credentials>> {
    if !vendor.uses_access_keys() {
        return Ok(env_value(TOKEN_ENV).map(|t| Credentials::Token(Secret::new(t))));
    }
    match (env_value(ACCESS_KEY_ENV), env_value(SECRET_KEY_ENV)) {
        (Some(access_key_id), Some(sk)) => Ok(Some(Credentials::AccessKey {
            access_key_id,
            secret_access_key: Secret::new(sk),
        })),
        (None, None) => Ok(None),
        _ => Err(Error::InvalidInput(said!(
            "set both {ACCESS_KEY_ENV} and {SECRET_KEY_ENV}, or neither",
            "请同时设置 {ACCESS_KEY_ENV} 和 {SECRET_KEY_ENV}，或两个都不设置"
        ))),
    }
}

/// The simulator's demo account, as a profile of `vendor` uses it.
pub fn demo_credentials(vendor: Vendor) -> Credentials {
    if vendor.uses_access_keys() {
        Credentials::AccessKey {
            access_key_id: DEMO_ACCESS_KEY.into(),
            secret_access_key: Secret::new(DEMO_SECRET_KEY),
        }
    } else {
        Credentials::Token(Secret::new(DEMO_TOKEN))
    }
}

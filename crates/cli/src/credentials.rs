//! Where a command's credentials come from: the environment (for CI; the keyring is then never
//! touched), else the OS keyring; `profile add` asks for them without echo.

use crate::failure::Failure;
use crate::text::tr;
use cachedesk_core::{Credentials, Error, Lang, Secret, Vendor};
use cachedesk_engine::Profile;
use cachedesk_vault::Vault;
use std::io::{BufRead, IsTerminal, Write};

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
pub fn from_env(vendor: Vendor) -> Result<Option<Credentials>, Error> {
    if !vendor.uses_access_keys() {
        return Ok(env_value(TOKEN_ENV).map(|t| Credentials::Token(Secret::new(t))));
    }
    match (env_value(ACCESS_KEY_ENV), env_value(SECRET_KEY_ENV)) {
        (Some(access_key_id), Some(sk)) => Ok(Some(Credentials::AccessKey {
            access_key_id,
            secret_access_key: Secret::new(sk),
        })),
        (None, None) => Ok(None),
        _ => Err(Error::InvalidInput(format!(
            "set both {ACCESS_KEY_ENV} and {SECRET_KEY_ENV}, or neither"
        ))),
    }
}

pub fn keyring_key(profile: &Profile) -> String {
    profile.id.to_string()
}

/// The credentials for one profile: the environment's, else the keyring's.
pub fn for_profile(vault: &Vault, profile: &Profile) -> Result<Credentials, Failure> {
    if let Some(credentials) = from_env(profile.vendor)? {
        return Ok(credentials);
    }
    vault.load(&keyring_key(profile)).map_err(|e| match e {
        Error::NotFound(_) => Failure::NoCredentials {
            profile: profile.name.clone(),
            vendor: profile.vendor,
        },
        other => Failure::Core(other),
    })
}

/// Asks for the vendor's credentials: hidden input on a terminal, else lines on standard
/// input (Baidu: access key, then secret key; Baishan: the token).
pub fn ask(vendor: Vendor, lang: Lang) -> Result<Credentials, Failure> {
    // Locked only when piped: a terminal read below takes the lock itself.
    let mut piped = (!std::io::stdin().is_terminal()).then(|| std::io::stdin().lock().lines());
    let mut read = |prompt: String, hidden: bool| -> Result<String, Failure> {
        let value = if let Some(lines) = piped.as_mut() {
            lines
                .next()
                .transpose()
                .map_err(|e| input_error(lang, &e))?
        } else if hidden {
            Some(rpassword::prompt_password(prompt).map_err(|e| input_error(lang, &e))?)
        } else {
            eprint!("{prompt}");
            std::io::stderr()
                .flush()
                .map_err(|e| input_error(lang, &e))?;
            let mut line = String::new();
            std::io::stdin()
                .read_line(&mut line)
                .map_err(|e| input_error(lang, &e))?;
            Some(line)
        };
        value
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
            .ok_or_else(|| Failure::Core(Error::InvalidInput(missing(lang, vendor))))
    };
    if vendor.uses_access_keys() {
        let access_key_id = read(tr!(lang, "Access key (AK): ", "Access Key(AK):"), false)?;
        let sk = read(
            tr!(
                lang,
                "Secret key (SK, not shown): ",
                "Secret Key(SK,输入时不显示):"
            ),
            true,
        )?;
        Ok(Credentials::AccessKey {
            access_key_id,
            secret_access_key: Secret::new(sk),
        })
    } else {
        let token = read(
            tr!(lang, "API token (not shown): ", "API 令牌(输入时不显示):"),
            true,
        )?;
        Ok(Credentials::Token(Secret::new(token)))
    }
}

fn input_error(lang: Lang, e: &std::io::Error) -> Failure {
    Failure::Core(Error::InvalidInput(tr!(
        lang,
        "could not read the credentials ({e})",
        "无法读取凭据({e})"
    )))
}

fn missing(lang: Lang, vendor: Vendor) -> String {
    if vendor.uses_access_keys() {
        tr!(
            lang,
            "the access key and the secret key are needed (type them, or pipe them as two lines)",
            "需要 Access Key 和 Secret Key(请输入,或通过管道分两行传入)"
        )
    } else {
        tr!(
            lang,
            "the API token is needed (type it, or pipe it as one line)",
            "需要 API 令牌(请输入,或通过管道以一行传入)"
        )
    }
}

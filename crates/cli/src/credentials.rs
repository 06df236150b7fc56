//! A command's credentials: looked up by `cachedesk_api::Secrets` (the environment for CI, the
//! keyring is then never touched; else the OS keyring), and asked for without echo by
//! `profile add`.

use crate::failure::Failure;
use crate::text::tr;
use cachedesk_api::Secrets;
use cachedesk_core::{said, Credentials, Error, Lang, Said, Secret, Vendor};
use cachedesk_engine::Profile;
use std::io::{BufRead, IsTerminal, Write};

pub use cachedesk_api::env_names;

/// The credentials for one profile: the environment's, else the keyring's.
pub fn for_profile(secrets: &Secrets, profile: &Profile) -> Result<Credentials, Failure> {
    secrets.credentials(profile).map_err(|e| match e {
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
            lines.next().transpose().map_err(|e| input_error(&e))?
        } else if hidden {
            Some(rpassword::prompt_password(prompt).map_err(|e| input_error(&e))?)
        } else {
            eprint!("{prompt}");
            std::io::stderr().flush().map_err(|e| input_error(&e))?;
            let mut line = String::new();
            std::io::stdin()
                .read_line(&mut line)
                .map_err(|e| input_error(&e))?;
            Some(line)
        };
        value
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
            .ok_or_else(|| Failure::Core(Error::InvalidInput(missing(vendor))))
    };
    if vendor.uses_access_keys() {
        let access_key_id = read(tr!(lang, "Access key (AK): ", "Access Key(AK):"), false)?;
        let sk = read(
            tr!(
                lang,
                "Secret key (SK, not shown): ",
                "Secret Key（SK，输入时不显示）："
            ),
            true,
        )?;
        Ok(Credentials::AccessKey {
            access_key_id,
            secret_access_key: Secret::new(sk),
        })
    } else {
        let token = read(
            tr!(
                lang,
                "API token (not shown): ",
                "API 令牌（输入时不显示）："
            ),
            true,
        )?;
        Ok(Credentials::Token(Secret::new(token)))
    }
}

fn input_error(e: &std::io::Error) -> Failure {
    Failure::Core(Error::InvalidInput(said!(
        "could not read the credentials ({e})",
        "无法读取凭据（{e}）"
    )))
}

fn missing(vendor: Vendor) -> Said {
    if vendor.uses_access_keys() {
        said!(
            "the access key and the secret key are needed (type them, or pipe them as two lines)",
            "需要 Access Key 和 Secret Key（请输入，或通过管道分两行传入）"
        )
    } else {
        said!(
            "the API token is needed (type it, or pipe it as one line)",
            "需要 API 令牌（请输入，或通过管道以一行传入）"
        )
    }
}

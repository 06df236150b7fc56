//! Why a command did not succeed, and the exit code scripts rely on.

use crate::text::tr;
use cachedesk_core::{Error, ErrorBody, ErrorCode, Lang, Vendor};
use std::process::ExitCode;

/// The exit codes of the CLI contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Exit {
    /// Everything accepted (and, with `--wait`, completed).
    Ok = 0,
    /// Some URLs were rejected or failed.
    Partial = 1,
    /// A usage or input error.
    Input = 2,
    /// Credentials, permissions or the keyring.
    Auth = 3,
    /// The vendor or the network is unavailable.
    Unavailable = 4,
    /// The local database or data folder cannot be used (damaged, unreadable, disk full).
    Storage = 5,
}

impl Exit {
    pub fn for_code(code: ErrorCode) -> Exit {
        match code {
            ErrorCode::InvalidInput | ErrorCode::NotFound | ErrorCode::AlreadyExists => Exit::Input,
            ErrorCode::Storage => Exit::Storage,
            ErrorCode::Auth | ErrorCode::Account | ErrorCode::ClockSkew | ErrorCode::Keyring => {
                Exit::Auth
            }
            ErrorCode::QuotaExceeded
            | ErrorCode::RateLimited
            | ErrorCode::Vendor
            | ErrorCode::Endpoint
            | ErrorCode::Network => Exit::Unavailable,
            ErrorCode::Partial | ErrorCode::Internal => Exit::Partial,
        }
    }

    pub fn code(self) -> ExitCode {
        ExitCode::from(self as u8)
    }
}

/// A command that could not do its work.
#[derive(Debug)]
pub enum Failure {
    Core(Error),
    /// No credentials in the environment and none in the keyring for this profile.
    NoCredentials {
        profile: String,
        vendor: Vendor,
    },
    NoProfile(String),
    NoJob(i64),
    /// `verify` of a directory purge without sample URLs to check.
    NeedSampleUrls(i64),
    /// A file of URLs that cannot be read, told already in the command's language.
    Unreadable(String),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Failure {
        Failure::Core(e)
    }
}

impl Failure {
    pub fn code(&self) -> ErrorCode {
        match self {
            Failure::Core(e) => e.code(),
            Failure::NoCredentials { .. } => ErrorCode::Auth,
            Failure::NoProfile(_) | Failure::NoJob(_) => ErrorCode::NotFound,
            Failure::NeedSampleUrls(_) | Failure::Unreadable(_) => ErrorCode::InvalidInput,
        }
    }

    pub fn exit(&self) -> Exit {
        Exit::for_code(self.code())
    }

    pub fn message(&self, lang: Lang) -> String {
        match self {
            Failure::Core(e) => e.message(lang),
            Failure::NoCredentials { profile, vendor } => {
                let env = crate::credentials::env_names(*vendor);
                tr!(
                    lang,
                    "No credentials are saved for profile '{profile}'. Save them with `cachedesk profile add {profile} --vendor {vendor}` (after `cachedesk profile rm {profile}`), or set {env}.",
                    "配置 '{profile}' 没有保存凭据。请先 `cachedesk profile rm {profile}`，再用 `cachedesk profile add {profile} --vendor {vendor}` 重新保存，或设置环境变量 {env}。"
                )
            }
            Failure::NoProfile(name) => tr!(
                lang,
                "There is no profile named '{name}'. See the saved ones with `cachedesk profile list`, or add it with `cachedesk profile add`.",
                "没有名为 '{name}' 的配置。可用 `cachedesk profile list` 查看已保存的配置，或用 `cachedesk profile add` 添加。"
            ),
            Failure::NoJob(id) => tr!(
                lang,
                "There is no job {id} here. See the jobs with `cachedesk jobs` (and check --data-dir).",
                "这里没有任务 {id}。可用 `cachedesk jobs` 查看任务（并检查 --data-dir）。"
            ),
            Failure::NeedSampleUrls(id) => tr!(
                lang,
                "Job {id} purged directories, which name a prefix, not a file: give a few sample URLs under them with --url (repeat it), e.g. `cachedesk verify {id} --url https://example.com/dir/page.html`.",
                "任务 {id} 刷新的是目录，目录只是前缀，不是文件：请用 --url 给出几个目录下的示例 URL（可重复），例如 `cachedesk verify {id} --url https://example.com/dir/page.html`。"
            ),
            Failure::Unreadable(message) => {
                tr!(lang, "Please check the input: {message}", "请检查输入：{message}")
            }
        }
    }

    pub fn to_body(&self, lang: Lang) -> ErrorBody {
        let details = match self {
            Failure::Core(e) => e.details(),
            Failure::NoCredentials { profile, .. } => {
                serde_json::json!({ "reason": "no_credentials", "profile": profile })
            }
            Failure::NoProfile(name) => serde_json::json!({ "profile": name }),
            Failure::NoJob(id) | Failure::NeedSampleUrls(id) => serde_json::json!({ "job": id }),
            Failure::Unreadable(_) => serde_json::Value::Null,
        };
        ErrorBody {
            code: self.code(),
            message: self.message(lang),
            details,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contract_codes() {
        assert_eq!(Exit::for_code(ErrorCode::InvalidInput) as u8, 2);
        assert_eq!(Exit::for_code(ErrorCode::AlreadyExists) as u8, 2);
        assert_eq!(Exit::for_code(ErrorCode::Keyring) as u8, 3);
        assert_eq!(Exit::for_code(ErrorCode::Auth) as u8, 3);
        assert_eq!(Exit::for_code(ErrorCode::Network) as u8, 4);
        assert_eq!(Exit::for_code(ErrorCode::Partial) as u8, 1);
        assert_eq!(Exit::for_code(ErrorCode::Storage) as u8, 5);
    }

    #[test]
    fn messages_say_what_to_do_in_both_languages() {
        let f = Failure::NoCredentials {
            profile: "site".into(),
            vendor: Vendor::Baishan,
        };
        assert!(f.message(Lang::En).contains("CACHEDESK_TOKEN"));
        assert!(f.message(Lang::ZhCn).contains("环境变量"));
        assert_eq!(f.exit(), Exit::Auth);
        assert_eq!(Failure::NoProfile("x".into()).exit(), Exit::Input);
    }
}

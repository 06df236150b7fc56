use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

use crate::Said;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The stable code of an error: what a UI or a script acts on. Never match on messages.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    InvalidInput,
    Auth,
    // The vendor refused the account itself (overdue payment, service not opened, no
    // permission for this API).
    Account,
    // The profile's endpoint does not serve this API (HTTP 404/405).
    Endpoint,
    ClockSkew,
    QuotaExceeded,
    RateLimited,
    Vendor,
    Network,
    Partial,
    Keyring,
    Storage,
    NotFound,
    /// A name that must be unique is taken (a profile's).
    AlreadyExists,
    Internal,
}

/// The language of messages shown to a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    #[serde(rename = "en")]
    En,
    #[serde(rename = "zh-CN")]
    ZhCn,
}

impl Lang {
    /// `zh*` locales (as in `LANG=zh_CN.UTF-8`) read Chinese; everything else English.
    pub fn from_locale(locale: &str) -> Lang {
        if locale.trim().to_ascii_lowercase().starts_with("zh") {
            Lang::ZhCn
        } else {
            Lang::En
        }
    }
}

/// Every failure in CacheDesk, from a bad input line to a vendor outage.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    #[error("invalid input: {0}")]
    InvalidInput(Said),
    #[error("the vendor refused the credentials ({code}): {message}")]
    Auth { code: String, message: String },
    #[error("the vendor refused the account ({code}): {message}")]
    Account { code: String, message: String },
    #[error("the endpoint does not serve this API (HTTP {status})")]
    Endpoint { status: u16 },
    #[error("the vendor says the request has expired: the computer's clock is off")]
    ClockSkew,
    #[error("today's quota is used up: {message}")]
    QuotaExceeded { message: String },
    #[error("the vendor asks us to slow down (retry after {retry_after_secs:?} s)")]
    RateLimited { retry_after_secs: Option<u64> },
    #[error("the vendor answered HTTP {status:?} {code}: {message}")]
    Vendor {
        status: Option<u16>,
        code: String,
        message: String,
        request_id: Option<String>,
    },
    /// The vendor refused URLs of a submit, not the account: `urls` names them when the
    /// vendor said which (Baishan `err_urls`); empty when only its code says the refusal is
    /// about a URL (BCE `IllegalRequestUrl`), and a smaller batch finds which.
    #[error("the vendor refused URLs ({code}): {message}")]
    UrlsRefused {
        code: String,
        message: String,
        urls: Vec<String>,
    },
    /// `maybe_delivered` is false only when the request surely never reached the vendor
    /// (connection refused, DNS failure): only then may a non-idempotent POST be resent.
    #[error("network error: {message}")]
    Network {
        message: String,
        maybe_delivered: bool,
    },
    #[error("{failed} of {total} URLs failed")]
    Partial { failed: u64, total: u64 },
    #[error("the system keyring is unavailable: {0}")]
    Keyring(String),
    #[error("local database error: {message}")]
    Storage {
        message: String,
        /// The error of the database or the file system underneath, for logs and diagnostics.
        #[source]
        source: Option<Cause>,
    },
    #[error("not found: {0}")]
    NotFound(String),
    /// Another live profile has this name (told by the store's unique index, not by a message).
    #[error("a profile named '{0}' already exists")]
    ProfileNameTaken(String),
    #[error("internal error: {0}")]
    Internal(String),
}

/// The lower-level error an [`Error`] was made from, kept so its chain can be walked. Two are
/// equal when their messages are (an [`Error`] is compared, cloned and sent between threads).
#[derive(Debug, Clone)]
pub struct Cause(Arc<dyn std::error::Error + Send + Sync>);

impl Cause {
    pub fn new(error: impl std::error::Error + Send + Sync + 'static) -> Cause {
        Cause(Arc::new(error))
    }
}

impl PartialEq for Cause {
    fn eq(&self, other: &Cause) -> bool {
        self.0.to_string() == other.0.to_string()
    }
}

impl Eq for Cause {}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for Cause {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source()
    }
}

impl Error {
    /// A local database or file failure with no lower-level error to keep.
    pub fn storage(message: impl Into<String>) -> Error {
        Error::Storage {
            message: message.into(),
            source: None,
        }
    }

    /// A local database or file failure, keeping the error underneath as its source.
    pub fn storage_from(
        message: impl Into<String>,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Error {
        Error::Storage {
            message: message.into(),
            source: Some(Cause::new(source)),
        }
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            Error::InvalidInput(_) => ErrorCode::InvalidInput,
            Error::Auth { .. } => ErrorCode::Auth,
            Error::Account { .. } => ErrorCode::Account,
            Error::Endpoint { .. } => ErrorCode::Endpoint,
            Error::ClockSkew => ErrorCode::ClockSkew,
            Error::QuotaExceeded { .. } => ErrorCode::QuotaExceeded,
            Error::RateLimited { .. } => ErrorCode::RateLimited,
            Error::Vendor { .. } | Error::UrlsRefused { .. } => ErrorCode::Vendor,
            Error::Network { .. } => ErrorCode::Network,
            Error::Partial { .. } => ErrorCode::Partial,
            Error::Keyring(_) => ErrorCode::Keyring,
            Error::Storage { .. } => ErrorCode::Storage,
            Error::NotFound(_) => ErrorCode::NotFound,
            Error::ProfileNameTaken(_) => ErrorCode::AlreadyExists,
            Error::Internal(_) => ErrorCode::Internal,
        }
    }

    /// A message a non-programmer understands, saying what to do next.
    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.message_en(),
            Lang::ZhCn => self.message_zh(),
        }
    }

    fn message_en(&self) -> String {
        match self {
            Error::InvalidInput(what) => format!("Please check the input: {}", what.en()),
            Error::Auth { message, .. } => format!(
                "The vendor did not accept the credentials ({message}). Check the keys or token in the profile."
            ),
            Error::Account { message, .. } => format!(
                "The vendor refused this account ({message}): the bill may be overdue, or the service or this API is not opened for it. Check the account in the vendor's console."
            ),
            Error::Endpoint { status } => format!(
                "The address in the profile does not answer like this vendor's API (HTTP {status}). Check the endpoint in the profile, or leave it empty for the vendor's own."
            ),
            Error::ClockSkew => "The vendor rejected the request because this computer's clock is wrong. Set the clock to the correct time (turn on automatic time) and try again.".into(),
            Error::QuotaExceeded { message } => format!(
                "Today's quota at the vendor is used up ({message}). Try again tomorrow or ask the vendor to raise it."
            ),
            Error::RateLimited { retry_after_secs } => match retry_after_secs {
                Some(s) => format!("The vendor asks to slow down. CacheDesk will try again in {s} s."),
                None => "The vendor asks to slow down. CacheDesk will try again shortly.".into(),
            },
            Error::Vendor { code, message, .. } => {
                format!("The vendor refused the request: {message} ({code}).")
            }
            Error::UrlsRefused { code, message, .. } => {
                format!("The vendor refused these URLs: {message} ({code}). Check that they belong to the profile's domains.")
            }
            Error::Network { message, .. } => format!(
                "Could not reach the vendor ({message}). Check the network connection and try again."
            ),
            Error::Partial { failed, total } => {
                format!("{failed} of {total} URLs failed. You can retry the failed ones.")
            }
            Error::Keyring(why) => format!(
                "The system keyring is not available ({why}). Unlock or set up the keyring (e.g. GNOME Keyring) and try again."
            ),
            Error::Storage { message: why, .. } => format!("CacheDesk could not use its local database ({why})."),
            Error::NotFound(what) => format!("Not found: {what}."),
            Error::ProfileNameTaken(name) => {
                format!("A profile named '{name}' already exists. Choose another name.")
            }
            Error::Internal(why) => format!("Something went wrong inside CacheDesk ({why})."),
        }
    }

    fn message_zh(&self) -> String {
        match self {
            Error::InvalidInput(what) => format!("请检查输入：{}", what.zh_cn()),
            Error::Auth { message, .. } => {
                format!("服务商未接受该凭据（{message}）。请检查配置中的密钥或令牌。")
            }
            Error::Account { message, .. } => format!(
                "服务商拒绝了该账号（{message}）：可能已欠费，或尚未开通该服务或接口。请到服务商控制台检查账号。"
            ),
            Error::Endpoint { status } => format!(
                "配置中的接口地址不像该服务商的接口（HTTP {status}）。请检查配置中的接口地址，或留空以使用服务商的默认地址。"
            ),
            Error::ClockSkew => {
                "服务商拒绝了请求：这台电脑的时间不准确。请校准系统时间（开启自动对时）后重试。".into()
            }
            Error::QuotaExceeded { message } => {
                format!("今日额度已用完（{message}）。请明天再试，或联系服务商提高额度。")
            }
            Error::RateLimited { retry_after_secs } => match retry_after_secs {
                Some(s) => format!("服务商要求降低请求频率，CacheDesk 将在 {s} 秒后重试。"),
                None => "服务商要求降低请求频率，CacheDesk 将稍后重试。".into(),
            },
            Error::Vendor { code, message, .. } => format!("服务商拒绝了请求：{message}（{code}）。"),
            Error::UrlsRefused { code, message, .. } => {
                format!("服务商拒绝了这些 URL：{message}（{code}）。请确认它们属于配置中的域名。")
            }
            Error::Network { message, .. } => {
                format!("无法连接服务商（{message}）。请检查网络后重试。")
            }
            Error::Partial { failed, total } => {
                format!("{total} 个 URL 中有 {failed} 个失败，可一键重试失败项。")
            }
            Error::Keyring(why) => {
                format!("系统凭据存储不可用（{why}）。请解锁或设置系统凭据存储（如 GNOME 密钥环）后重试。")
            }
            Error::Storage { message: why, .. } => format!("CacheDesk 无法使用本地数据库（{why}）。"),
            Error::NotFound(what) => format!("未找到：{what}。"),
            Error::ProfileNameTaken(name) => format!("已有名为 '{name}' 的配置，请换一个名称。"),
            Error::Internal(why) => format!("CacheDesk 内部出错（{why}）。"),
        }
    }

    /// Structured facts a UI can act on (e.g. `retry_after_secs`), beside the code.
    pub fn details(&self) -> serde_json::Value {
        use serde_json::json;
        match self {
            Error::Auth { code, .. } | Error::Account { code, .. } => {
                json!({ "vendor_code": code })
            }
            Error::Endpoint { status } => json!({ "status": status }),
            Error::UrlsRefused { code, urls, .. } => json!({ "vendor_code": code, "urls": urls }),
            Error::RateLimited { retry_after_secs } => {
                json!({ "retry_after_secs": retry_after_secs })
            }
            Error::Vendor {
                status,
                code,
                request_id,
                ..
            } => json!({ "status": status, "vendor_code": code, "request_id": request_id }),
            Error::Network {
                maybe_delivered, ..
            } => json!({ "maybe_delivered": maybe_delivered }),
            Error::Partial { failed, total } => json!({ "failed": failed, "total": total }),
            Error::ProfileNameTaken(name) => json!({ "field": "name", "name": name }),
            _ => serde_json::Value::Null,
        }
    }

    pub fn to_body(&self, lang: Lang) -> ErrorBody {
        ErrorBody {
            code: self.code(),
            message: self.message(lang),
            details: self.details(),
        }
    }
}

/// `{code, message, details}`: how an error crosses IPC and CLI `--json`.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub code: ErrorCode,
    pub message: String,
    pub details: serde_json::Value,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_has_stable_code_and_both_languages() {
        let e = Error::RateLimited {
            retry_after_secs: Some(3),
        };
        let body = serde_json::to_value(e.to_body(Lang::En)).unwrap();
        assert_eq!(body["code"], "rate_limited");
        assert_eq!(body["details"]["retry_after_secs"], 3);
        assert!(Error::ClockSkew.message(Lang::ZhCn).contains("时间"));
        assert!(Error::ClockSkew.message(Lang::En).contains("clock"));
    }

    #[test]
    fn a_taken_name_says_so_by_its_code_in_both_languages() {
        let e = Error::ProfileNameTaken("site".into());
        let body = serde_json::to_value(e.to_body(Lang::En)).unwrap();
        assert_eq!(body["code"], "already_exists");
        assert_eq!(body["details"]["field"], "name");
        assert!(e.message(Lang::En).contains("'site' already exists"));
        assert!(e.message(Lang::ZhCn).contains("请换一个名称"));
    }

    #[test]
    fn locale_picks_language() {
        assert_eq!(Lang::from_locale("zh_CN.UTF-8"), Lang::ZhCn);
        assert_eq!(Lang::from_locale("en_US.UTF-8"), Lang::En);
        assert_eq!(Lang::from_locale(""), Lang::En);
    }
}

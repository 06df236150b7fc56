use cachedesk_core::Lang;
use serde::{Deserialize, Serialize};

/// Why a line was not taken. Serialises as its stable snake_case [`code`](Self::code).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectReason {
    NotAUrl,
    MissingScheme,
    /// `https：//` with a full-width colon, as a Chinese input method types it.
    FullwidthColon,
    UnsupportedScheme,
    MissingHost,
    InvalidHost,
    /// Several addresses on one line, or a tab (a second pasted spreadsheet column).
    ExtraText,
    HasCredentials,
    WildcardNotAllowed,
    HostNotCovered,
    DirectoryWithoutSlash,
    DirectoryNotAllowedForPrefetch,
    TooLong,
}

impl RejectReason {
    pub const ALL: [RejectReason; 13] = [
        RejectReason::NotAUrl,
        RejectReason::MissingScheme,
        RejectReason::FullwidthColon,
        RejectReason::UnsupportedScheme,
        RejectReason::MissingHost,
        RejectReason::InvalidHost,
        RejectReason::ExtraText,
        RejectReason::HasCredentials,
        RejectReason::WildcardNotAllowed,
        RejectReason::HostNotCovered,
        RejectReason::DirectoryWithoutSlash,
        RejectReason::DirectoryNotAllowedForPrefetch,
        RejectReason::TooLong,
    ];

    /// The stable code a UI or script acts on.
    pub fn code(self) -> &'static str {
        match self {
            RejectReason::NotAUrl => "not_a_url",
            RejectReason::MissingScheme => "missing_scheme",
            RejectReason::FullwidthColon => "fullwidth_colon",
            RejectReason::UnsupportedScheme => "unsupported_scheme",
            RejectReason::MissingHost => "missing_host",
            RejectReason::InvalidHost => "invalid_host",
            RejectReason::ExtraText => "extra_text",
            RejectReason::HasCredentials => "has_credentials",
            RejectReason::WildcardNotAllowed => "wildcard_not_allowed",
            RejectReason::HostNotCovered => "host_not_covered",
            RejectReason::DirectoryWithoutSlash => "directory_without_slash",
            RejectReason::DirectoryNotAllowedForPrefetch => "directory_not_allowed_for_prefetch",
            RejectReason::TooLong => "too_long",
        }
    }

    /// What an editor reads next to the rejected line.
    pub fn message(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.message_en(),
            Lang::ZhCn => self.message_zh(),
        }
    }

    fn message_en(self) -> &'static str {
        match self {
            RejectReason::NotAUrl => "This line is not a web address.",
            RejectReason::MissingScheme => "The address must start with http:// or https://.",
            RejectReason::FullwidthColon => {
                "The colon after http is a full-width (Chinese) colon. The suggested fix types a normal one."
            }
            RejectReason::UnsupportedScheme => {
                "Only http:// and https:// addresses can be purged or prefetched."
            }
            RejectReason::MissingHost => "The address has no domain name.",
            RejectReason::InvalidHost => "The domain name or port of this address is not valid.",
            RejectReason::ExtraText => {
                "The line holds more than one address, or a second column after a tab. Put one address on each line."
            }
            RejectReason::HasCredentials => {
                "The address contains a user name or password. Remove them: the CDN never uses them."
            }
            RejectReason::WildcardNotAllowed => {
                "Wildcards (*) cannot be submitted. List each address, or purge the directory instead."
            }
            RejectReason::HostNotCovered => "The domain is not one of this profile's domains.",
            RejectReason::DirectoryWithoutSlash => {
                "A directory address must end with /. The suggested fix adds it."
            }
            RejectReason::DirectoryNotAllowedForPrefetch => {
                "Prefetch loads single files, and this address ends with / like a directory. List the files instead, or purge the directory."
            }
            RejectReason::TooLong => "The address is longer than the vendor accepts.",
        }
    }

    fn message_zh(self) -> &'static str {
        match self {
            RejectReason::NotAUrl => "这一行不是网址。",
            RejectReason::MissingScheme => "网址必须以 http:// 或 https:// 开头。",
            RejectReason::FullwidthColon => "http 后面的冒号是全角冒号（：），可一键改为半角冒号（:）。",
            RejectReason::UnsupportedScheme => "只能刷新或预热以 http:// 或 https:// 开头的网址。",
            RejectReason::MissingHost => "网址缺少域名。",
            RejectReason::InvalidHost => "网址中的域名或端口无效。",
            RejectReason::ExtraText => {
                "这一行包含多个网址，或在制表符后还有另一列内容。请每行只放一个网址。"
            }
            RejectReason::HasCredentials => "网址中包含用户名或密码，请删除（CDN 不会用到它们）。",
            RejectReason::WildcardNotAllowed => {
                "不能提交通配符（*）。请逐条列出网址，或改为刷新所在目录。"
            }
            RejectReason::HostNotCovered => "该域名不属于当前配置的域名。",
            RejectReason::DirectoryWithoutSlash => "目录网址必须以 / 结尾，可一键补上。",
            RejectReason::DirectoryNotAllowedForPrefetch => {
                "预热只针对单个文件，而此网址以 / 结尾，是一个目录。请改为列出其中的文件，或对该目录做刷新。"
            }
            RejectReason::TooLong => "网址过长，超出服务商允许的长度。",
        }
    }
}

impl std::str::FromStr for RejectReason {
    type Err = String;

    /// A reason from its [`code`](RejectReason::code).
    fn from_str(code: &str) -> Result<Self, Self::Err> {
        RejectReason::ALL
            .into_iter()
            .find(|r| r.code() == code)
            .ok_or_else(|| format!("unknown reject reason '{code}'"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_as_its_code() {
        for reason in RejectReason::ALL {
            let json = serde_json::to_value(reason).unwrap();
            assert_eq!(json, reason.code());
            assert_eq!(
                serde_json::from_value::<RejectReason>(json).unwrap(),
                reason
            );
            assert_eq!(reason.code().parse(), Ok(reason));
        }
    }

    #[test]
    fn both_languages_say_something_different() {
        for reason in RejectReason::ALL {
            let (en, zh) = (reason.message(Lang::En), reason.message(Lang::ZhCn));
            assert!(en.is_ascii() && !zh.is_ascii(), "{en} / {zh}");
        }
    }
}

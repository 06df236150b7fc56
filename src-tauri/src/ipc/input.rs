use cachedesk_core::Action;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use specta::Type;

/// Replaces input line `line` of `source` (a file path, or null for the pasted text).
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct LineFix {
    pub source: Option<String>,
    pub line: u32,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct InputRequest {
    pub profile_id: String,
    pub action: Action,
    /// pasted text, one URL a line
    pub text: String,
    /// .txt / .csv / .xlsx files, parsed by the backend
    pub paths: Vec<String>,
    pub fixes: Vec<LineFix>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct SubmitRequest {
    #[serde(flatten)]
    pub input: InputRequest,
    /// RFC 3339; only for prefetch on Baidu CDN, within 24 h
    pub start_at: Option<DateTime<Utc>>,
}

/// Why a line is not sent: the UI's codes, plus intake's finer ones (shown with `message`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum RejectReason {
    NotAUrl,
    MissingScheme,
    UnsupportedScheme,
    MissingHost,
    InvalidHost,
    ExtraText,
    HasCredentials,
    WildcardNotAllowed,
    HostNotCovered,
    DirectoryNeedsSlash,
    DirectoryNotAllowed,
    TooLong,
    FileUnreadable,
}

impl From<cachedesk_intake::RejectReason> for RejectReason {
    fn from(r: cachedesk_intake::RejectReason) -> Self {
        use cachedesk_intake::RejectReason as R;
        match r {
            R::NotAUrl => RejectReason::NotAUrl,
            R::MissingScheme => RejectReason::MissingScheme,
            // `https：//` typed on a Chinese keyboard: the scheme is not there; the line's
            // message and one-click fix say exactly what to change.
            R::FullwidthColon => RejectReason::MissingScheme,
            R::UnsupportedScheme => RejectReason::UnsupportedScheme,
            R::MissingHost => RejectReason::MissingHost,
            R::InvalidHost => RejectReason::InvalidHost,
            R::ExtraText => RejectReason::ExtraText,
            R::HasCredentials => RejectReason::HasCredentials,
            R::WildcardNotAllowed => RejectReason::WildcardNotAllowed,
            R::HostNotCovered => RejectReason::HostNotCovered,
            R::DirectoryWithoutSlash => RejectReason::DirectoryNeedsSlash,
            R::DirectoryNotAllowedForPrefetch => RejectReason::DirectoryNotAllowed,
            R::TooLong => RejectReason::TooLong,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct RejectedLine {
    /// file path, or null for the pasted text
    pub source: Option<String>,
    /// 1-based line (for .xlsx: row)
    pub line: u32,
    pub text: String,
    pub reason_code: RejectReason,
    /// backend's explanation in the UI language
    pub message: String,
    /// the corrected line when a one-click fix exists
    pub fix: Option<String>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum QuotaKind {
    Url,
    Dir,
    Prefetch,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct QuotaUse {
    pub kind: QuotaKind,
    /// what is left today; null when the vendor does not report it
    pub remaining: Option<u64>,
    pub limit: Option<u64>,
    /// what this job would use
    pub needed: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct Preview {
    /// non-empty input lines read
    pub lines: u64,
    /// URLs that will be sent
    pub valid: u64,
    pub duplicates: u64,
    pub rejected: Vec<RejectedLine>,
    /// first accepted URLs, normalised, for a glance
    pub sample: Vec<String>,
    pub batches: u64,
    pub quota: Option<QuotaUse>,
}

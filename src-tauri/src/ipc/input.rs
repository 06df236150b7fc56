//! The editor's input as the UI sends it, and the engine's preview of it as the UI shows it.

use super::count;
use cachedesk_core::Action;
use cachedesk_engine::{Input, LineFix, QuotaUse, Refusal, RefusedLine};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::path::PathBuf;

/// How many accepted URLs the preview shows.
const SAMPLE: usize = 5;

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

impl InputRequest {
    /// The input for the engine, with `files` (the checked `paths`): files are read there,
    /// on the Rust side.
    pub fn input(&self, files: Vec<PathBuf>) -> Input {
        Input {
            text: self.text.as_bytes().to_vec(),
            files,
            fixes: self.fixes.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct SubmitRequest {
    #[serde(flatten)]
    pub input: InputRequest,
    /// RFC 3339; only for prefetch on Baidu CDN, within 24 h
    pub start_at: Option<DateTime<Utc>>,
}

/// Why a line is not sent: intake's codes (the CLI's `--json` says the same), plus a file that
/// could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum RejectReason {
    NotAUrl,
    MissingScheme,
    /// `https：//` typed on a Chinese keyboard: the colon is full-width
    FullwidthColon,
    UnsupportedScheme,
    MissingHost,
    InvalidHost,
    ExtraText,
    HasCredentials,
    WildcardNotAllowed,
    HostNotCovered,
    DirectoryWithoutSlash,
    DirectoryNotAllowedForPrefetch,
    TooLong,
    FileUnreadable,
}

impl From<cachedesk_engine::RejectReason> for RejectReason {
    fn from(r: cachedesk_engine::RejectReason) -> Self {
        use cachedesk_engine::RejectReason as R;
        match r {
            R::NotAUrl => RejectReason::NotAUrl,
            R::MissingScheme => RejectReason::MissingScheme,
            R::FullwidthColon => RejectReason::FullwidthColon,
            R::UnsupportedScheme => RejectReason::UnsupportedScheme,
            R::MissingHost => RejectReason::MissingHost,
            R::InvalidHost => RejectReason::InvalidHost,
            R::ExtraText => RejectReason::ExtraText,
            R::HasCredentials => RejectReason::HasCredentials,
            R::WildcardNotAllowed => RejectReason::WildcardNotAllowed,
            R::HostNotCovered => RejectReason::HostNotCovered,
            R::DirectoryWithoutSlash => RejectReason::DirectoryWithoutSlash,
            R::DirectoryNotAllowedForPrefetch => RejectReason::DirectoryNotAllowedForPrefetch,
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

impl RejectedLine {
    /// A refused line as the preview lists it; duplicates are only counted there.
    fn from_refused(r: &RefusedLine) -> Option<RejectedLine> {
        let reason_code = match r.reason {
            Refusal::Rejected(reason) => reason.into(),
            Refusal::FileUnreadable => RejectReason::FileUnreadable,
            Refusal::Duplicate { .. } => return None,
        };
        Some(RejectedLine {
            source: r.source.clone(),
            line: r.line,
            text: r.text.clone(),
            reason_code,
            message: r.message.clone(),
            fix: r.fix.clone(),
        })
    }
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
    /// Set when the profile takes any host: URLs of another site would be sent too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[specta(optional)]
    pub any_host_warning: Option<String>,
}

impl From<cachedesk_engine::Preview> for Preview {
    fn from(p: cachedesk_engine::Preview) -> Preview {
        Preview {
            lines: u64::from(p.counts.lines - p.counts.skipped_blank),
            valid: count(p.urls.len()),
            duplicates: u64::from(p.counts.duplicates),
            rejected: p
                .refused
                .iter()
                .filter_map(RejectedLine::from_refused)
                .collect(),
            sample: p.urls.iter().take(SAMPLE).map(|u| u.url.clone()).collect(),
            batches: count(p.batches.len()),
            quota: Some(p.quota),
            any_host_warning: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cachedesk_core::{Lang, Vendor};
    use cachedesk_engine::{Profile, ProfileId};

    #[test]
    fn a_rejected_lines_code_is_the_one_intake_and_the_cli_give() {
        for reason in cachedesk_engine::RejectReason::ALL {
            let code = serde_json::to_value(RejectReason::from(reason)).unwrap();
            assert_eq!(code, reason.code());
        }
    }

    #[test]
    fn the_preview_lists_refused_lines_in_the_ui_codes_and_counts_duplicates() {
        let profile = Profile {
            id: ProfileId(7),
            uuid: "00000000-0000-4000-8000-000000000000".into(),
            legacy_key: None,
            name: "site".into(),
            vendor: Vendor::BaiduCdn,
            endpoint: None,
            site: None,
            domains: vec!["www.example.com".into()],
            batch_size: Some(2),
            concurrency: None,
            created_at: Utc::now(),
            updated_at: Utc::now(),
            deleted_at: None,
        };
        let request = InputRequest {
            profile_id: "7".into(),
            action: Action::PurgeFiles,
            text: "https://www.example.com/a\n\nhttps://www.example.com/a\nhttps：//www.example.com/b\nhttps://www.example.com/c\n".into(),
            paths: vec!["/nonexistent/gone.xlsx".into()],
            fixes: vec![],
        };
        let preview: Preview = cachedesk_engine::preview(
            &request.input(vec!["/nonexistent/gone.xlsx".into()]),
            &profile,
            request.action,
            None,
            Lang::En,
        )
        .into();
        assert_eq!(
            (preview.lines, preview.valid, preview.duplicates),
            (4, 2, 1)
        );
        assert_eq!(preview.batches, 1);
        let codes: Vec<_> = preview.rejected.iter().map(|r| r.reason_code).collect();
        assert_eq!(
            codes,
            [RejectReason::FileUnreadable, RejectReason::FullwidthColon]
        );
        assert_eq!(
            preview.rejected[1].fix.as_deref(),
            Some("https://www.example.com/b")
        );
        assert_eq!(preview.sample.len(), 2);
    }
}

use super::count;
use cachedesk_core::Lang;
use cachedesk_engine::{self as engine, Profile, QuotaUse, Refusal, RefusedLine, UrlResult};
use serde::{Deserialize, Serialize};

/// How many accepted URLs the preview shows.
const SAMPLE: usize = 5;

/// Why a line is not sent: intake's codes, plus a file that could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
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

impl From<engine::RejectReason> for RejectReason {
    fn from(r: engine::RejectReason) -> Self {
        use engine::RejectReason as R;
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

/// An input line that will not be sent: the app's preview, the command's dry run and job
/// document list these.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RejectedLine {
    /// file path, or null for the pasted text (standard input)
    pub source: Option<String>,
    /// 1-based line in its source (for .xlsx: row); 0 for a file that could not be read
    pub line: u32,
    /// the line in the job, where the text and then the files are numbered on as one
    pub job_line: u32,
    pub text: String,
    /// null only for a line of a job journaled with its message alone (before codes were kept,
    /// or refused by the engine itself: an empty line, a repeated URL)
    pub reason_code: Option<RejectReason>,
    /// the reason in the language asked for
    pub message: String,
    /// the corrected line when a one-click fix exists
    pub fix: Option<String>,
}

impl RejectedLine {
    /// A refused line as a preview lists it; `None` for a duplicate, which is only counted.
    pub fn refused(r: &RefusedLine) -> Option<RejectedLine> {
        let reason_code = match r.reason {
            Refusal::Rejected(reason) => reason.into(),
            Refusal::FileUnreadable => RejectReason::FileUnreadable,
            Refusal::Duplicate { .. } => return None,
        };
        Some(RejectedLine {
            source: r.source.clone(),
            line: r.line,
            job_line: r.job_line,
            text: r.text.clone(),
            reason_code: Some(reason_code),
            message: r.message.clone(),
            fix: r.fix.clone(),
        })
    }

    /// A rejected line of a journaled job: the journal numbers lines by job and keeps intake's
    /// code, said in `lang` (else the message given then).
    pub fn journaled(u: &UrlResult, lang: Lang) -> RejectedLine {
        let message = match u.reject {
            Some(reject) => reject.message(lang).to_owned(),
            None => u.reason.clone().unwrap_or_default(),
        };
        RejectedLine {
            source: None,
            line: u.line,
            job_line: u.line,
            text: u.url.clone(),
            reason_code: u.reject.map(RejectReason::from),
            message,
            fix: None,
        }
    }

    /// The refused lines of a checked input, in job line order, duplicates left out.
    pub fn all_refused(preview: &engine::Preview) -> Vec<RejectedLine> {
        preview
            .refused
            .iter()
            .filter_map(RejectedLine::refused)
            .collect()
    }
}

/// The app's preview of the editor's input: what a job of it would send.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
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
    #[cfg_attr(feature = "specta", specta(optional))]
    pub any_host_warning: Option<String>,
}

impl Preview {
    /// The app's preview of `checked`, the input checked for `profile`: with the warning of a
    /// profile that takes any host, in `lang`.
    pub fn of(checked: engine::Preview, profile: &Profile, lang: Lang) -> Preview {
        Preview {
            any_host_warning: crate::any_host_warning(&profile.domains, lang).map(str::to_owned),
            ..checked.into()
        }
    }
}

impl From<engine::Preview> for Preview {
    fn from(p: engine::Preview) -> Preview {
        Preview {
            lines: u64::from(p.counts.lines - p.counts.skipped_blank),
            valid: count(p.urls.len()),
            duplicates: u64::from(p.counts.duplicates),
            rejected: RejectedLine::all_refused(&p),
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
    use cachedesk_core::{Action, Lang};
    use cachedesk_engine::Input;

    #[test]
    fn a_rejected_lines_code_is_the_one_intake_gives() {
        for reason in engine::RejectReason::ALL {
            let code = serde_json::to_value(RejectReason::from(reason)).unwrap();
            assert_eq!(code, reason.code());
        }
    }

    #[test]
    fn the_preview_lists_refused_lines_with_their_codes_and_counts_duplicates() {
        let profile = cachedesk_engine::testing::profile(7, &["www.example.com"], Some(2));
        let input = Input {
            text: "https://www.example.com/a\n\nhttps://www.example.com/a\nhttps：//www.example.com/b\nhttps://www.example.com/c\n".into(),
            files: vec!["/nonexistent/gone.xlsx".into()],
            fixes: vec![],
        };
        let preview: Preview =
            engine::preview(&input, &profile, Action::PurgeFiles, None, Lang::En).into();
        assert_eq!(
            (preview.lines, preview.valid, preview.duplicates),
            (4, 2, 1)
        );
        assert_eq!(preview.batches, 1);
        let codes: Vec<_> = preview.rejected.iter().map(|r| r.reason_code).collect();
        assert_eq!(
            codes,
            [
                Some(RejectReason::FileUnreadable),
                Some(RejectReason::FullwidthColon)
            ]
        );
        let colon = &preview.rejected[1];
        assert_eq!(colon.fix.as_deref(), Some("https://www.example.com/b"));
        assert_eq!((colon.line, colon.job_line), (4, 4));
        assert_eq!(preview.sample.len(), 2);
    }
}

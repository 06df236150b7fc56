//! Why a URL failed, was skipped or is uncertain, as a stable code with one plain sentence in
//! each language. The journal keeps both the code and the full text (the vendor's own words, or
//! what reconciliation found), written together where the URL's failure is journaled; the code
//! is what code reads. Rows journaled before codes existed got theirs once, in migration V7.

use crate::model::UrlResult;
use crate::state::UrlState;
use cachedesk_core::Lang;
use cachedesk_intake::RejectReason;
use serde::{Deserialize, Serialize};

/// A URL's reason as the journal records it: the code, and the text for the details.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Why {
    pub code: UrlReason,
    pub text: String,
}

impl Why {
    pub(crate) fn new(code: UrlReason, text: String) -> Why {
        Why { code, text }
    }

    /// The vendor marked the URL failed, in its words (`None`: it gave no reason beyond its
    /// status word `raw_status`). The vendors give no code, so their text is read here, once,
    /// for what it says about the origin.
    pub(crate) fn vendor_failed(text: Option<&str>, raw_status: &str) -> Why {
        let code = UrlReason::of_vendor_failure(text);
        let text = text.map_or_else(
            || format!("the vendor reports '{raw_status}'"),
            str::to_owned,
        );
        Why::new(code, text)
    }
}

/// Why one URL of a job did not end done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum UrlReason {
    /// Rejected before sending (not a URL, another domain, …): never sent.
    NotSent,
    /// The vendor refused the URL when it was submitted.
    VendorRefused,
    /// The origin answered 404: the file is not there.
    OriginNotFound,
    /// The origin did not answer in time.
    OriginTimeout,
    /// The origin answered with an error (5xx and the like).
    OriginError,
    /// The vendor marked the URL failed, for a reason CacheDesk does not know.
    VendorFailed,
    /// No final status from the vendor before polling gave up.
    NoFinalStatus,
    /// The submit's answer was lost; CacheDesk is checking with the vendor.
    Checking,
    /// The answer was lost and the vendor holds no record of the URL.
    NotInVendorRecords,
    /// The vendor lists the URL without a time, so it cannot be told from other submissions.
    RecordUnplaced,
    /// Sent longer ago than the vendor keeps records.
    BeyondVendorRecords,
    /// Uncertain, for a reason not listed above.
    Unknown,
}

impl UrlReason {
    /// Why the vendor failed a URL, read from its words (`None`: it gave none): a job's URL, or
    /// a record of the vendor's own history.
    pub fn of_vendor_failure(text: Option<&str>) -> UrlReason {
        text.map_or(UrlReason::VendorFailed, origin)
    }

    pub const ALL: [UrlReason; 12] = [
        UrlReason::NotSent,
        UrlReason::VendorRefused,
        UrlReason::OriginNotFound,
        UrlReason::OriginTimeout,
        UrlReason::OriginError,
        UrlReason::VendorFailed,
        UrlReason::NoFinalStatus,
        UrlReason::Checking,
        UrlReason::NotInVendorRecords,
        UrlReason::RecordUnplaced,
        UrlReason::BeyondVendorRecords,
        UrlReason::Unknown,
    ];

    /// The code of a URL in `state` whose journal row holds `stored`: a line skipped before
    /// sending was never journaled with one.
    pub(crate) fn of(state: UrlState, stored: Option<UrlReason>) -> Option<UrlReason> {
        match state {
            UrlState::Rejected => Some(UrlReason::NotSent),
            UrlState::Failed | UrlState::Uncertain => stored,
            _ => None,
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            UrlReason::NotSent => "not_sent",
            UrlReason::VendorRefused => "vendor_refused",
            UrlReason::OriginNotFound => "origin_not_found",
            UrlReason::OriginTimeout => "origin_timeout",
            UrlReason::OriginError => "origin_error",
            UrlReason::VendorFailed => "vendor_failed",
            UrlReason::NoFinalStatus => "no_final_status",
            UrlReason::Checking => "checking",
            UrlReason::NotInVendorRecords => "not_in_vendor_records",
            UrlReason::RecordUnplaced => "record_unplaced",
            UrlReason::BeyondVendorRecords => "beyond_vendor_records",
            UrlReason::Unknown => "unknown",
        }
    }

    /// One plain sentence: what happened and what to do.
    pub fn message(self, lang: Lang) -> &'static str {
        let (en, zh) = match self {
            UrlReason::NotSent => (
                "This line was not sent: it was skipped before sending (see the details).",
                "此行未提交：在提交前已跳过（见详情）。",
            ),
            UrlReason::VendorRefused => (
                "The vendor refused this URL when it was sent. Check that it belongs to the profile's domains and is written correctly.",
                "提交时服务商拒绝了此 URL。请确认它属于配置中的域名且书写正确。",
            ),
            UrlReason::OriginNotFound => (
                "The file does not exist at the origin (it answered 404). Check the address, or publish the file first, then retry.",
                "源站上没有这个文件（返回 404）。请检查地址，或先发布该文件，然后重试。",
            ),
            UrlReason::OriginTimeout => (
                "The origin server did not answer in time. Check that the origin is up, then retry.",
                "源站响应超时。请确认源站正常后重试。",
            ),
            UrlReason::OriginError => (
                "The origin server answered with an error, so the CDN could not fetch the file. Check the origin, then retry.",
                "源站返回了错误，CDN 无法获取该文件。请检查源站后重试。",
            ),
            UrlReason::VendorFailed => (
                "The vendor marked this URL as failed. Retry it; if it fails again, ask the vendor.",
                "服务商将此 URL 标记为失败。请重试；若仍失败，请联系服务商。",
            ),
            UrlReason::NoFinalStatus => (
                "The vendor gave no final status in time. Check it in the vendor's console, or retry.",
                "服务商未在规定时间内给出最终结果。请到服务商控制台查看，或重试。",
            ),
            UrlReason::Checking => (
                "The answer to the submit was lost; CacheDesk is checking with the vendor whether it arrived.",
                "提交后未收到服务商的答复，CacheDesk 正在向服务商核对是否已送达。",
            ),
            UrlReason::NotInVendorRecords => (
                "The answer to the submit was lost and the vendor has no record of this URL. Send it again.",
                "提交的答复丢失，服务商也没有此 URL 的记录。请重新提交。",
            ),
            UrlReason::RecordUnplaced => (
                "The vendor lists this URL but not when it was sent, so CacheDesk cannot tell whether it is this job's. Check the vendor's console, or send it again.",
                "服务商有此 URL 的记录，但没有提交时间，无法确定是否属于本任务。请到服务商控制台查看，或重新提交。",
            ),
            UrlReason::BeyondVendorRecords => (
                "This URL was sent longer ago than the vendor keeps records, so whether it arrived can no longer be checked. Send it again if the page is still stale.",
                "此 URL 的提交时间早于服务商保留记录的期限，已无法核对是否送达。若页面仍是旧的，请重新提交。",
            ),
            UrlReason::Unknown => (
                "Whether this URL reached the vendor is not known. Send it again to be sure.",
                "无法确定此 URL 是否已送达服务商。为保险起见，请重新提交。",
            ),
        };
        match lang {
            Lang::En => en,
            Lang::ZhCn => zh,
        }
    }
}

crate::state::slug_traits!(UrlReason);

impl UrlResult {
    /// Why this URL did not end done, as one sentence in `lang`: for a line refused before
    /// sending, what intake found wrong with it (read from its code, so in any language), first:
    /// a row's narrow cell shows the start.
    pub fn explanation(&self, lang: Lang) -> Option<String> {
        match self.reject {
            Some(reject) => Some(not_sent_because(reject, lang)),
            None => self.reason_code.map(|r| r.message(lang).to_owned()),
        }
    }
}

fn not_sent_because(reject: RejectReason, lang: Lang) -> String {
    let why = reject.message(lang);
    match lang {
        Lang::En => format!("{why} The line was not sent."),
        Lang::ZhCn => format!("{why}此行未提交。"),
    }
}

/// What a vendor's failure text says about the origin.
fn origin(text: &str) -> UrlReason {
    let lower = text.to_ascii_lowercase();
    let has_status = |code: &str| {
        lower
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|word| word == code)
    };
    if has_status("404") || lower.contains("not found") || text.contains("不存在") {
        UrlReason::OriginNotFound
    } else if lower.contains("timeout") || lower.contains("timed out") || text.contains("超时") {
        UrlReason::OriginTimeout
    } else if ["500", "502", "503", "504"].iter().any(|c| has_status(c))
        || (lower.contains("origin") && lower.contains("error"))
        || text.contains("源站")
    {
        UrlReason::OriginError
    } else {
        UrlReason::VendorFailed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_vendor_failure_is_read_for_what_it_says_about_the_origin() {
        let failed = |reason: &str| Why::vendor_failed(Some(reason), "failed").code;
        // The simulator's (and a CDN's) words for a missing file.
        assert_eq!(
            failed("origin returned 404 Not Found"),
            UrlReason::OriginNotFound
        );
        assert_eq!(failed("源站返回 404"), UrlReason::OriginNotFound);
        assert_eq!(failed("origin timed out"), UrlReason::OriginTimeout);
        assert_eq!(failed("origin answered 502"), UrlReason::OriginError);
        assert_eq!(
            failed("url 14040 bad"),
            UrlReason::VendorFailed,
            "404 only as a word"
        );
        let silent = Why::vendor_failed(None, "failed");
        assert_eq!(silent.code, UrlReason::VendorFailed);
        assert_eq!(silent.text, "the vendor reports 'failed'");
    }

    #[test]
    fn the_stored_code_explains_failed_and_uncertain_urls_only() {
        let stored = Some(UrlReason::Checking);
        assert_eq!(
            UrlReason::of(UrlState::Uncertain, stored),
            Some(UrlReason::Checking)
        );
        assert_eq!(
            UrlReason::of(UrlState::Failed, Some(UrlReason::OriginError)),
            Some(UrlReason::OriginError)
        );
        assert_eq!(UrlReason::of(UrlState::Completed, None), None);
        assert_eq!(UrlReason::of(UrlState::Pending, None), None);
        assert_eq!(
            UrlReason::of(UrlState::Rejected, None),
            Some(UrlReason::NotSent)
        );
    }

    #[test]
    fn a_refused_line_is_explained_by_its_code_in_the_language_asked() {
        let row = |reject| UrlResult {
            line: 1,
            url: "www.example.com/a".into(),
            state: UrlState::Rejected,
            task_id: None,
            raw_status: None,
            progress: None,
            reason: Some("缺少 http://".into()),
            reason_code: Some(UrlReason::NotSent),
            reject,
            sent_at: None,
            vendor_created_at: None,
            vendor_started_at: None,
            vendor_finished_at: None,
            updated_at: chrono::Utc::now(),
        };
        let coded = row(Some(RejectReason::MissingScheme));
        assert_eq!(
            coded.explanation(Lang::En).as_deref(),
            Some("The address must start with http:// or https://. The line was not sent.")
        );
        assert_eq!(
            coded.explanation(Lang::ZhCn).as_deref(),
            Some("网址必须以 http:// 或 https:// 开头。此行未提交。")
        );
        assert_eq!(
            row(None).explanation(Lang::En).as_deref(),
            Some(UrlReason::NotSent.message(Lang::En))
        );
    }

    #[test]
    fn every_sentence_ends_in_its_language_punctuation() {
        for r in UrlReason::ALL {
            assert!(r.message(Lang::En).ends_with('.'), "{r:?}");
            let zh = r.message(Lang::ZhCn);
            assert!(zh.ends_with('。'), "{r:?}");
            assert!(
                !zh.contains([',', ':', ';', '(', ')']),
                "half-width punctuation in {zh}"
            );
            let json = serde_json::to_value(r).unwrap();
            assert_eq!(json, r.slug());
            assert_eq!(r.slug().parse::<UrlReason>(), Ok(r));
        }
    }
}

use cachedesk_core::{Lang, RecordStatus, UrlRecord};
use cachedesk_engine::UrlReason;
use serde::{Deserialize, Serialize};

/// One record of the vendor's own history as both doors show it: the vendor's fields and, for a
/// failed URL, why, as a code with its plain sentence in each UI language (the vendor's own
/// words stay in `reason`, in whatever language the vendor wrote them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct VendorRecord {
    #[serde(flatten)]
    pub record: UrlRecord,
    pub reason_code: Option<UrlReason>,
    pub explanation_en: Option<String>,
    pub explanation_zh_cn: Option<String>,
}

impl From<UrlRecord> for VendorRecord {
    fn from(record: UrlRecord) -> Self {
        let reason_code = (record.status == RecordStatus::Failed)
            .then(|| UrlReason::of_vendor_failure(record.reason.as_deref()));
        let explanation = |lang| reason_code.map(|r| r.message(lang).to_owned());
        VendorRecord {
            explanation_en: explanation(Lang::En),
            explanation_zh_cn: explanation(Lang::ZhCn),
            reason_code,
            record,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cachedesk_core::{Kind, Target};

    fn record(status: RecordStatus, reason: Option<&str>) -> UrlRecord {
        UrlRecord {
            task_id: Some("t1".into()),
            record_id: None,
            url: "https://www.example.com/a.png".into(),
            kind: Kind::Purge,
            target: Target::File,
            status,
            raw_status: "failed".into(),
            progress: None,
            created_at: None,
            started_at: None,
            finished_at: None,
            reason: reason.map(str::to_owned),
        }
    }

    #[test]
    fn a_failed_record_says_why_in_both_languages_and_keeps_the_vendor_s_words() {
        let failed = VendorRecord::from(record(
            RecordStatus::Failed,
            Some("origin returned 404 Not Found"),
        ));
        assert_eq!(failed.reason_code, Some(UrlReason::OriginNotFound));
        assert!(failed
            .explanation_zh_cn
            .as_deref()
            .is_some_and(|s| s.starts_with("源站上没有这个文件")));
        assert_eq!(
            failed.record.reason.as_deref(),
            Some("origin returned 404 Not Found")
        );
        let json = serde_json::to_value(&failed).unwrap();
        assert_eq!(json["url"], "https://www.example.com/a.png");
        assert_eq!(json["reason_code"], "origin_not_found");

        let silent = VendorRecord::from(record(RecordStatus::Failed, None));
        assert_eq!(silent.reason_code, Some(UrlReason::VendorFailed));
        let done = VendorRecord::from(record(RecordStatus::Completed, None));
        assert_eq!((done.reason_code, done.explanation_en), (None, None));
    }
}

//! Which of the quotas a vendor reports an action draws on.

use cachedesk_core::{Action, Quota};
use serde::{Deserialize, Serialize};

/// The daily quota an action uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum QuotaKind {
    /// URL purges (Baidu, Baishan), and prefetches where the vendor counts them as URLs.
    Url,
    /// Directory purges.
    Dir,
    /// Prefetches, where the vendor counts them apart (Baishan).
    Prefetch,
}

/// What a job of `needed` URLs takes from the quota its action uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct QuotaUse {
    pub kind: QuotaKind,
    /// What is left today; `None` when the vendor does not report it.
    pub remaining: Option<u64>,
    pub limit: Option<u64>,
    /// What this job would use.
    pub needed: u64,
}

impl QuotaUse {
    /// The quota `action` uses out of `quota` (`None`: not known, e.g. no keys yet).
    pub fn for_action(action: Action, quota: Option<&Quota>, needed: u64) -> QuotaUse {
        let q = quota.cloned().unwrap_or_default();
        let (kind, remaining, limit) = match action {
            Action::PurgeFiles => (QuotaKind::Url, q.url_remaining, q.url_quota),
            Action::PurgeDirectories => (QuotaKind::Dir, q.dir_remaining, q.dir_quota),
            Action::Prefetch => match q.prefetch_remaining {
                Some(left) => (QuotaKind::Prefetch, Some(left), None),
                None => (QuotaKind::Url, q.url_remaining, q.url_quota),
            },
        };
        QuotaUse {
            kind,
            remaining,
            limit,
            needed,
        }
    }
}

/// What is left today of the quota each action uses, before a job says how much it needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub struct QuotaByAction {
    pub purge_files: QuotaUse,
    pub purge_directories: QuotaUse,
    pub prefetch: QuotaUse,
}

impl QuotaByAction {
    pub fn of(quota: &Quota) -> QuotaByAction {
        let left = |action| QuotaUse::for_action(action, Some(quota), 0);
        QuotaByAction {
            purge_files: left(Action::PurgeFiles),
            purge_directories: left(Action::PurgeDirectories),
            prefetch: left(Action::Prefetch),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefetch_uses_its_own_quota_where_the_vendor_counts_one() {
        let baishan = Quota {
            prefetch_remaining: Some(5),
            url_remaining: Some(100),
            ..Quota::default()
        };
        let q = QuotaUse::for_action(Action::Prefetch, Some(&baishan), 6);
        assert_eq!((q.kind, q.remaining), (QuotaKind::Prefetch, Some(5)));
        let baidu = Quota {
            url_remaining: Some(100),
            url_quota: Some(2000),
            dir_remaining: Some(50),
            ..Quota::default()
        };
        let q = QuotaUse::for_action(Action::Prefetch, Some(&baidu), 6);
        assert_eq!((q.kind, q.limit), (QuotaKind::Url, Some(2000)));
        let q = QuotaUse::for_action(Action::PurgeDirectories, Some(&baidu), 60);
        assert_eq!((q.kind, q.remaining), (QuotaKind::Dir, Some(50)));
        let unknown = QuotaUse::for_action(Action::PurgeFiles, None, 1);
        assert_eq!((unknown.kind, unknown.remaining), (QuotaKind::Url, None));
    }

    #[test]
    fn before_a_job_each_action_shows_what_is_left_of_its_own_quota() {
        let baidu = Quota {
            url_remaining: Some(100),
            url_quota: Some(2000),
            dir_remaining: Some(50),
            dir_quota: Some(100),
            ..Quota::default()
        };
        let left = QuotaByAction::of(&baidu);
        assert_eq!(left.purge_directories.remaining, Some(50));
        assert_eq!(left.prefetch.kind, QuotaKind::Url);
        assert_eq!(left.purge_files.needed, 0);
        let json = serde_json::to_value(&left).unwrap();
        assert!(json.get("purge-files").is_some(), "{json}");
    }
}

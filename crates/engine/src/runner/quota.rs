//! Refuse a job before sending when the vendor says it has less quota left than the job needs.

use crate::quota_use::QuotaUse;
use cachedesk_core::{Action, Error, Quota, Result, VendorLimits};
use cachedesk_vendors::Provider;

/// Checks `need` URLs against the quota the vendor reports (vendors that report none pass).
pub(crate) async fn check_quota(provider: &dyn Provider, action: Action, need: u64) -> Result<()> {
    if !counted(&provider.limits(), action) {
        return Ok(());
    }
    let Some(quota) = provider.quota().await? else {
        return Ok(());
    };
    refuse_over_quota(action, &quota, need)
}

/// Whether the vendor counts `action` against a daily quota (Baishan: prefetches only), so
/// that asking for the quota is worth a request.
fn counted(limits: &VendorLimits, action: Action) -> bool {
    match action {
        Action::PurgeFiles => limits.daily_url_quota.is_some(),
        Action::PurgeDirectories => limits.daily_dir_quota.is_some(),
        Action::Prefetch => {
            limits.daily_url_quota.is_some() || limits.daily_prefetch_quota.is_some()
        }
    }
}

fn refuse_over_quota(action: Action, quota: &Quota, need: u64) -> Result<()> {
    let usage = QuotaUse::for_action(action, Some(quota), need);
    let what = match action {
        Action::PurgeFiles => "URL purges",
        Action::PurgeDirectories => "directory purges",
        Action::Prefetch => "prefetches",
    };
    match (usage.remaining, usage.limit) {
        (Some(left), total) if need > left => Err(Error::QuotaExceeded {
            message: match total {
                Some(total) => {
                    format!("this job needs {need} {what}; {left} of today's {total} are left")
                }
                None => format!("this job needs {need} {what}; {left} are left today"),
            },
        }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn says_the_figures() {
        let q = Quota {
            url_remaining: Some(50),
            url_quota: Some(20_000),
            dir_remaining: Some(200),
            ..Default::default()
        };
        let e = refuse_over_quota(Action::PurgeFiles, &q, 51).unwrap_err();
        assert!(
            e.to_string().contains("51") && e.to_string().contains("50 of today's 20000"),
            "{e}"
        );
        assert!(refuse_over_quota(Action::PurgeFiles, &q, 50).is_ok());
        assert!(refuse_over_quota(Action::PurgeDirectories, &q, 200).is_ok());
        assert!(refuse_over_quota(Action::Prefetch, &q, 51).is_err());
        assert!(refuse_over_quota(Action::Prefetch, &Quota::default(), 1_000_000).is_ok());
    }
}

//! Last checks before a submit leaves the machine: cheap, local, and worded for the editor.

use crate::provider::SubmitRequest;
use cachedesk_core::{said, Error, Kind, Result, Vendor, VendorLimits};
use chrono::{Duration, Utc};

pub(crate) fn check_submit(
    vendor: Vendor,
    limits: &VendorLimits,
    request: &SubmitRequest,
) -> Result<()> {
    let action = request.action;
    if request.urls.is_empty() {
        return Err(Error::InvalidInput(said!(
            "no URLs to send",
            "没有要提交的 URL"
        )));
    }
    let most = limits.batch_size(action.kind(), action.target());
    if request.urls.len() > most as usize {
        return Err(Error::InvalidInput(said!(
            "{} URLs in one request; {vendor} takes at most {most}",
            "一次请求有 {} 个 URL；{vendor} 每次最多接受 {most} 个",
            request.urls.len()
        )));
    }
    let Some(start_at) = request.start_at else {
        return Ok(());
    };
    if action.kind() != Kind::Prefetch || !limits.scheduled_prefetch {
        return Err(Error::InvalidInput(said!(
            "{vendor} cannot schedule this action; leave the start time empty",
            "{vendor} 不支持定时执行此操作，请不要填写开始时间"
        )));
    }
    let now = Utc::now();
    if start_at <= now || start_at > now + Duration::hours(24) {
        return Err(Error::InvalidInput(said!(
            "the prefetch start time {} must be in the next 24 hours",
            "预热开始时间 {} 必须在今后 24 小时之内",
            start_at.format("%Y-%m-%d %H:%M UTC")
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use cachedesk_core::Action;

    fn request(action: Action, n: usize, start_in_minutes: Option<i64>) -> SubmitRequest {
        SubmitRequest {
            action,
            urls: (0..n)
                .map(|i| format!("https://www.example.com/{i}"))
                .collect(),
            start_at: start_in_minutes.map(|m| Utc::now() + Duration::minutes(m)),
        }
    }

    #[test]
    fn batch_and_schedule_rules() {
        let cdn = VendorLimits::for_vendor(Vendor::BaiduCdn);
        let geo = VendorLimits::for_vendor(Vendor::BaiduGeo);
        let ok =
            |limits: &VendorLimits, r: SubmitRequest| check_submit(Vendor::BaiduCdn, limits, &r);
        assert!(ok(&cdn, request(Action::PurgeFiles, 100, None)).is_ok());
        assert!(ok(&cdn, request(Action::PurgeFiles, 101, None)).is_err());
        assert!(ok(&cdn, request(Action::PurgeFiles, 0, None)).is_err());
        assert!(ok(&cdn, request(Action::Prefetch, 1, Some(60))).is_ok());
        assert!(ok(&cdn, request(Action::Prefetch, 1, Some(24 * 60 + 1))).is_err());
        assert!(ok(&cdn, request(Action::Prefetch, 1, Some(-1))).is_err());
        assert!(ok(&cdn, request(Action::PurgeFiles, 1, Some(60))).is_err());
        assert!(ok(&geo, request(Action::Prefetch, 1, Some(60))).is_err());
        assert!(ok(&geo, request(Action::PurgeDirectories, 101, None)).is_err());
    }
}

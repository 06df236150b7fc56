//! Checks a job request before it is journaled: one row per input line, duplicates refused.

use crate::model::{InputUrl, JobRequest, JournaledRejection, Profile};
use cachedesk_core::{said, Action, Error, Result};
use chrono::{Duration, Utc};
use std::collections::HashMap;

/// The lines of a request as they will be journaled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Plan {
    pub urls: Vec<InputUrl>,
    pub rejected: Vec<JournaledRejection>,
}

pub(crate) fn plan(request: &JobRequest, profile: &Profile) -> Result<Plan> {
    if profile.deleted_at.is_some() {
        return Err(Error::InvalidInput(said!(
            "the profile '{}' was deleted",
            "配置 '{}' 已删除",
            profile.name
        )));
    }
    if let Some(at) = request.start_at {
        let now = Utc::now();
        if request.action != Action::Prefetch || !profile.limits().scheduled_prefetch {
            return Err(Error::InvalidInput(said!(
                "{} cannot schedule a {} for later",
                "{} 不支持定时执行此操作（{}），请不要填写开始时间",
                profile.vendor,
                request.action.slug()
            )));
        }
        if at <= now || at > now + Duration::hours(24) {
            return Err(Error::InvalidInput(said!(
                "a scheduled prefetch must start within the next 24 hours",
                "定时预热的开始时间必须在今后 24 小时之内"
            )));
        }
    }
    let mut rejected = request.rejected.clone();
    let mut urls = Vec::with_capacity(request.urls.len());
    let mut seen: HashMap<&str, u32> = HashMap::new();
    for input in &request.urls {
        let url = input.url.trim();
        let refuse = |reason: String| JournaledRejection {
            line: input.line,
            text: input.url.clone(),
            reason,
            code: None,
        };
        if url.is_empty() {
            rejected.push(refuse("empty line".into()));
        } else if let Some(first) = seen.get(url) {
            rejected.push(refuse(format!("duplicate of line {first}")));
        } else {
            seen.insert(url, input.line);
            urls.push(InputUrl {
                line: input.line,
                url: url.to_owned(),
            });
        }
    }
    if urls.is_empty() && rejected.is_empty() {
        return Err(Error::InvalidInput(said!(
            "there are no URLs to send",
            "没有要提交的 URL"
        )));
    }
    Ok(Plan { urls, rejected })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ProfileId;
    use cachedesk_core::Vendor;

    fn profile(vendor: Vendor) -> Profile {
        Profile {
            id: ProfileId(1),
            uuid: "00000000-0000-4000-8000-000000000000".into(),
            legacy_key: None,
            name: "p".into(),
            vendor,
            endpoint: None,
            site: None,
            domains: vec![],
            batch_size: None,
            concurrency: None,
            created_at: Utc::now(),
            updated_at: Utc::now(),
            deleted_at: None,
        }
    }

    fn request(urls: &[&str]) -> JobRequest {
        JobRequest {
            profile: ProfileId(1),
            action: Action::PurgeFiles,
            urls: urls
                .iter()
                .enumerate()
                .map(|(i, u)| InputUrl {
                    line: i as u32 + 1,
                    url: (*u).into(),
                })
                .collect(),
            rejected: vec![],
            start_at: None,
        }
    }

    #[test]
    fn every_line_lands_once() {
        let p = plan(
            &request(&["http://a/1", " http://a/1", "", "http://a/2"]),
            &profile(Vendor::BaiduCdn),
        )
        .unwrap();
        assert_eq!(p.urls.len(), 2);
        assert_eq!(p.rejected.len(), 2);
        assert_eq!(p.rejected[0].reason, "duplicate of line 1");
        assert!(plan(&request(&[]), &profile(Vendor::BaiduCdn)).is_err());
    }

    #[test]
    fn schedules_only_where_the_vendor_can() {
        let mut r = request(&["http://a/1"]);
        r.action = Action::Prefetch;
        r.start_at = Some(Utc::now() + Duration::hours(2));
        assert!(plan(&r, &profile(Vendor::BaiduCdn)).is_ok());
        assert!(plan(&r, &profile(Vendor::Baishan)).is_err());
        r.start_at = Some(Utc::now() + Duration::hours(25));
        assert!(plan(&r, &profile(Vendor::BaiduCdn)).is_err());
    }
}

//! Baidu AI Cloud CDN (`cdn.baidubce.com`, `/v2/cache/...`).

use crate::baidu_records::{
    parse_status_page, parse_submit, status_params, submit_tasks, Api, SubmitTask,
};
use crate::bce::BceClient;
use crate::errors::malformed;
use crate::http::Reply;
use crate::lenient::opt_u64;
use crate::provider::{Provider, SubmitReceipt, SubmitRequest, TaskQuery};
use crate::validate::check_submit;
use async_trait::async_trait;
use cachedesk_core::{Kind, Page, Quota, Result, UrlRecord, Vendor, VendorLimits};
use chrono::Utc;
use serde::{Deserialize, Serialize};

pub(crate) struct BaiduCdn {
    pub bce: BceClient,
    pub limits: VendorLimits,
}

/// Records per prefetch status page; purge pages hold `VendorLimits::records_per_page` (100).
///
/// `baidu-cdn-cache-api.txt`: 「查询指定条件的预加载任务状态,每次请求最多返回1000条记录。」.
pub(crate) const PREFETCH_RECORDS_PER_PAGE: u32 = 1_000;

fn path(kind: Kind) -> &'static str {
    match kind {
        Kind::Purge => "/v2/cache/purge",
        Kind::Prefetch => "/v2/cache/prefetch",
    }
}

#[derive(Serialize)]
struct SubmitBody<'a> {
    tasks: Vec<SubmitTask<'a>>,
}

fn submit_body(request: &SubmitRequest) -> SubmitBody<'_> {
    SubmitBody {
        tasks: submit_tasks(request),
    }
}

#[derive(Deserialize)]
struct QuotaBody {
    #[serde(default, rename = "urlRemain", deserialize_with = "opt_u64")]
    url_remain: Option<u64>,
    #[serde(default, rename = "urlQuota", deserialize_with = "opt_u64")]
    url_quota: Option<u64>,
    #[serde(default, rename = "dirRemain", deserialize_with = "opt_u64")]
    dir_remain: Option<u64>,
    #[serde(default, rename = "dirQuota", deserialize_with = "opt_u64")]
    dir_quota: Option<u64>,
}

/// `GET /v2/cache/quota`'s answer.
pub(crate) fn parse_quota(reply: &Reply) -> Result<Quota> {
    let body: QuotaBody =
        serde_json::from_slice(&reply.body).map_err(|e| malformed(reply, &e.to_string()))?;
    Ok(Quota {
        url_remaining: body.url_remain,
        url_quota: body.url_quota,
        dir_remaining: body.dir_remain,
        dir_quota: body.dir_quota,
        prefetch_remaining: None,
    })
}

#[async_trait]
impl Provider for BaiduCdn {
    fn vendor(&self) -> Vendor {
        Vendor::BaiduCdn
    }

    fn limits(&self) -> VendorLimits {
        self.limits
    }

    async fn submit(&self, request: &SubmitRequest) -> Result<SubmitReceipt> {
        check_submit(Vendor::BaiduCdn, &self.limits, request)?;
        let reply = self
            .bce
            .post(path(request.action.kind()), &submit_body(request))
            .await?;
        parse_submit(reply)
    }

    async fn query(&self, query: &TaskQuery) -> Result<Page<UrlRecord>> {
        let api = Api::Cdn {
            max_span_days: self.limits.max_query_span_days,
        };
        let params = status_params(query, api, Utc::now())?;
        let reply = self.bce.get(path(query.kind), &params).await?;
        parse_status_page(reply, query, api)
    }

    async fn quota(&self) -> Result<Option<Quota>> {
        let reply = self.bce.get("/v2/cache/quota", &Vec::new()).await?;
        parse_quota(&reply).map(Some)
    }

    async fn check(&self) -> Result<()> {
        self.quota().await.map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cachedesk_core::Action;
    use chrono::TimeZone;
    use serde_json::json;

    fn body(request: &SubmitRequest) -> serde_json::Value {
        serde_json::to_value(submit_body(request)).unwrap()
    }

    #[test]
    fn bodies() {
        let mut r = SubmitRequest {
            action: Action::PurgeDirectories,
            urls: vec!["http://a/d/".into()],
            start_at: None,
        };
        assert_eq!(
            body(&r),
            json!({"tasks": [{"url": "http://a/d/", "type": "directory"}]})
        );
        r.action = Action::Prefetch;
        r.start_at = Some(Utc.with_ymd_and_hms(2025, 3, 1, 18, 0, 0).unwrap());
        assert_eq!(
            body(&r),
            json!({"tasks": [{"url": "http://a/d/", "startTime": "2025-03-01T18:00:00Z"}]})
        );
    }
}

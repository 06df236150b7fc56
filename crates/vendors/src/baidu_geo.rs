//! Baidu GEO (`geo.baidubce.com`, `/v2/geo/cache/...`): like the CDN, but every call is scoped by
//! the `site` (zone apex), purge records can be filtered by `type`, and there is no quota call.

use crate::baidu_records::{
    parse_status_page, parse_submit, status_params, submit_tasks, Api, SubmitTask,
};
use crate::bce::BceClient;
use crate::provider::{Provider, SubmitReceipt, SubmitRequest, TaskQuery, TaskSelector};
use crate::validate::check_submit;
use async_trait::async_trait;
use cachedesk_core::{Kind, Page, Quota, Result, Target, UrlRecord, Vendor, VendorLimits};
use chrono::{Duration, Utc};
use serde::Serialize;

pub(crate) struct BaiduGeo {
    pub bce: BceClient,
    pub site: String,
    pub limits: VendorLimits,
}

fn path(kind: Kind) -> &'static str {
    match kind {
        Kind::Purge => "/v2/geo/cache/purge",
        Kind::Prefetch => "/v2/geo/cache/prefetch",
    }
}

#[derive(Serialize)]
struct SubmitBody<'a> {
    site: &'a str,
    tasks: Vec<SubmitTask<'a>>,
}

impl BaiduGeo {
    fn submit_body<'a>(&'a self, request: &'a SubmitRequest) -> SubmitBody<'a> {
        SubmitBody {
            site: &self.site,
            tasks: submit_tasks(request),
        }
    }
}

#[async_trait]
impl Provider for BaiduGeo {
    fn vendor(&self) -> Vendor {
        Vendor::BaiduGeo
    }

    fn limits(&self) -> VendorLimits {
        self.limits
    }

    async fn submit(&self, request: &SubmitRequest) -> Result<SubmitReceipt> {
        check_submit(Vendor::BaiduGeo, &self.limits, request)?;
        let reply = self
            .bce
            .post(path(request.action.kind()), &self.submit_body(request))
            .await?;
        parse_submit(reply)
    }

    async fn query(&self, query: &TaskQuery) -> Result<Page<UrlRecord>> {
        // No `url` parameter here: a range's URL pattern is applied to the records instead.
        let mut params = status_params(query, Api::Geo, Utc::now())?;
        params.push(("site", self.site.clone()));
        let by_range = matches!(query.selector, TaskSelector::Range { .. });
        if let (Kind::Purge, true, Some(target)) = (query.kind, by_range, query.target) {
            // The GEO seed names the purge filter values `url` and `directory`.
            let word = match target {
                Target::File => "url",
                Target::Directory => "directory",
            };
            params.push(("type", word.into()));
        }
        let reply = self.bce.get(path(query.kind), &params).await?;
        parse_status_page(reply, query, Api::Geo)
    }

    async fn quota(&self) -> Result<Option<Quota>> {
        Ok(None)
    }

    async fn check(&self) -> Result<()> {
        let end = Utc::now();
        let query = TaskQuery {
            kind: Kind::Purge,
            selector: TaskSelector::Range {
                start: end - Duration::hours(1),
                end,
                url: None,
            },
            target: None,
            cursor: None,
        };
        self.query(&query).await.map(|_| ())
    }
}

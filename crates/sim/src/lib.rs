//! A faithful loopback simulator of the Baidu AI Cloud CDN, Baidu GEO and Baishan cache APIs,
//! for tests, benchmarks and the app's demo mode. Each vendor listens on its own
//! `127.0.0.1` port and keeps its tasks in memory.
//!
//! Its limits are its own: [`seed`] holds the numbers of the seed documents (and, where they say
//! nothing, of `apis.md`), so a client whose limits drift from the vendor's is refused here
//! instead of agreeing with itself. Defaults: Baidu CDN 100 URLs per submit, 20,000 URLs and
//! 200 directories per 24 hours, status pages of 100 purge / 1,000 prefetch records, queries
//! spanning at most 90 days; GEO 1,000 URLs / 100 directories per submit, pages of 100, 30
//! days; Baishan 500 URLs per submit, 10,000 prefetches a day, `page_size` 1..=500 (default 50),
//! 7 days per query, records kept 30 days, 24 requests per 2 s and 150 a minute per token.
//!
//! Error codes it answers with (beside the BCE auth codes): Baidu `MalformedJSON`,
//! `InappropriateJSON`, `InvalidArgument`, `IllegalRequestUrl`, `TooManyUrls` (400),
//! `InvalidSite` (400, GEO), `QuotaExceeded` (403), `TooManyRequests` (429, a fault),
//! `InternalError` / `ServiceUnavailable` (a fault), and whatever a [`Refusal`] names; Baishan
//! `{"code": <HTTP status>}` (or a refusal's own code).
//!
//! Behaviours a client must cope with, in the default mode:
//! * Baidu CDN status queries by `id` keep the seed's default window: without `startTime` /
//!   `endTime` they show only records created in the last 24 hours (`endTime` defaults to now,
//!   `startTime` to 24 hours before it); GEO id queries have no window.
//! * GEO status queries carrying a `url` parameter at all answer 400 `InvalidArgument`.
//! * Every answer of every vendor has a `Date` from the simulator's clock (skew included).
//! * Baishan reports on every answer the binding grade of its per-token limits
//!   (`X-Ratelimit-Grad: minute|hour|day`, `X-Ratelimit-Limit`, `X-Ratelimit-Remaining`,
//!   `X-Retry-After` until that window resets); an exhausted window answers 429 (or
//!   [`Faults::throttle_status`]) with `X-Ratelimit-Remaining: 0`. Baishan refuses a used-up
//!   daily prefetch quota with HTTP 400 `{"code": 400}`, a message naming the quota and
//!   `X-Push-Remaining`.
//! * A URL whose path contains `fail` (any case) always ends `failed` (prefetches with
//!   [`FAILURE_REASON`]); every other URL completes, at the pace of [`Speed`].
//!
//! On demand, per vendor ([`Faults`], [`Sim::set_faults`]): latency, server errors, 429 bursts,
//! garbled bodies, submits that take effect and then lose their answer, have it held, or get a
//! 5xx; submits refused without effect; listings that show new records late or write URLs
//! another way; a skewed clock. [`SimConfig::quirks`] answers in the documents' shapes
//! (`in-process`, `finshedAt`, `Completed`, `task` as a list, string `page_number`) rather than
//! the SDKs'. [`Sim::age`] moves every record into the past, to poll a job "a day later".

mod baidu;
mod baishan;
mod bce_auth;
mod cli;
mod config;
mod edge;
mod faults;
mod params;
mod ratelimit;
mod reply;
mod requests;
pub mod seed;
mod server;
mod state;
mod store;
mod target;

pub use cli::{run, SimArgs};
pub use config::{
    Ports, Quotas, RateWindow, SimConfig, SimCredentials, SimLimits, Speed, VendorSimLimits,
    DEMO_ACCESS_KEY, DEMO_SECRET_KEY, DEMO_TOKEN,
};
pub use faults::{Faults, Refusal};
pub use requests::{RequestKind, Requests};
pub use store::FAILURE_REASON;

use cachedesk_core::Vendor;
use state::VendorState;
use std::sync::Arc;

/// A running simulator: three vendor servers, an edge node and its origin, on loopback.
/// Dropping it stops them as `shutdown` does.
#[derive(Debug)]
pub struct Sim {
    config: Arc<SimConfig>,
    vendors: Vec<Running>,
    edge: edge::Edge,
    edge_server: server::Server,
    origin_server: server::Server,
}

#[derive(Debug)]
struct Running {
    state: Arc<VendorState>,
    server: server::Server,
}

impl Sim {
    /// Binds the three ports and starts serving.
    pub async fn start(config: SimConfig) -> std::io::Result<Sim> {
        let config = Arc::new(config);
        let mut vendors = Vec::with_capacity(Vendor::ALL.len());
        for vendor in Vendor::ALL {
            let listener = server::bind(config.ports.for_vendor(vendor)).await?;
            let state = Arc::new(VendorState::new(vendor, config.clone()));
            let router = match vendor {
                Vendor::BaiduCdn | Vendor::BaiduGeo => baidu::router(state.clone()),
                Vendor::Baishan => baishan::router(state.clone()),
            };
            let server = server::spawn(listener, router)?;
            vendors.push(Running { state, server });
        }
        let edge = edge::Edge::new(vendors.iter().map(|v| v.state.clone()).collect());
        let edge_server = server::spawn(server::bind(0).await?, edge.edge_router())?;
        let origin_server = server::spawn(server::bind(0).await?, edge.origin_router())?;
        Ok(Sim {
            config,
            vendors,
            edge,
            edge_server,
            origin_server,
        })
    }

    /// The edge node's `127.0.0.1:PORT`: send a URL's request there with its host in `Host`
    /// (curl: `--resolve www.example.com:443:127.0.0.1:PORT`, plain HTTP).
    pub fn edge_address(&self) -> std::net::SocketAddr {
        self.edge_server.addr
    }

    /// The origin behind the edge: `http://127.0.0.1:PORT`.
    pub fn origin_endpoint(&self) -> String {
        format!("http://{}", self.origin_server.addr)
    }

    /// The edge keeps serving its copy of `url` whatever is purged (a node that missed it).
    pub fn keep_stale(&self, url: &str) {
        self.edge.keep_stale(url);
    }

    fn running(&self, vendor: Vendor) -> &Running {
        // `start` pushed one server per vendor, in `Vendor::ALL` order.
        let index = match vendor {
            Vendor::BaiduCdn => 0,
            Vendor::BaiduGeo => 1,
            Vendor::Baishan => 2,
        };
        &self.vendors[index]
    }

    /// `http://127.0.0.1:PORT`
    pub fn endpoint(&self, vendor: Vendor) -> String {
        format!("http://{}", self.running(vendor).server.addr)
    }

    pub fn config(&self) -> &SimConfig {
        &self.config
    }

    /// Replaces one vendor's faults; their counters start again.
    pub fn set_faults(&self, vendor: Vendor, faults: Faults) {
        self.running(vendor).state.set_faults(faults);
    }

    /// Every URL of every accepted submit, in order, duplicates kept (Baishan: without the
    /// rejected `err_urls`). Submits that took effect count even when their answer was held
    /// (`Faults::hold_answer`), replaced by an error (`Faults::error_after_handling`), garbled or
    /// never sent; refused ones (`Faults::refuse_submits`, validation, quota) do not.
    pub fn submitted_urls(&self, vendor: Vendor) -> Vec<String> {
        self.running(vendor).state.store().submitted_urls()
    }

    /// The requests `vendor` answered so far, by kind and status (never reset).
    pub fn requests(&self, vendor: Vendor) -> Requests {
        self.running(vendor).state.requests()
    }

    /// Moves every record of every vendor `by` into the past (created, started and scheduled
    /// times), as if that much time had passed: a job polled after `age(25 hours)` is a day old
    /// to the vendor, its quota use has left the last 24 hours, and Baishan forgets records
    /// older than a month, and the edge's copies are that much older. Rate-limit windows and
    /// the clock itself are not touched.
    pub fn age(&self, by: std::time::Duration) {
        let by = chrono::Duration::from_std(by).unwrap_or(chrono::Duration::MAX);
        for running in &self.vendors {
            running.state.store().age(by);
        }
        self.edge.age(by);
    }

    pub async fn shutdown(self) {
        for running in self.vendors {
            running.server.stop().await;
        }
        self.edge_server.stop().await;
        self.origin_server.stop().await;
    }
}

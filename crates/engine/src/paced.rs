//! Every call to a vendor account goes through `Paced`: the account's pacing (its documented
//! rate and the pauses it asks for), its clock, and retries of calls that change nothing at
//! the vendor. Jobs, quota checks and walks of the vendor's history all share it.

use crate::options::RetryPolicy;
use crate::pacer::Pacer;
use async_trait::async_trait;
use backon::{ExponentialBuilder, Retryable};
use cachedesk_core::{Error, Page, Quota, Result, UrlRecord, Vendor, VendorLimits};
use cachedesk_vendors::{Provider, SubmitReceipt, SubmitRequest, TaskQuery};
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

/// A vendor client with its account's pacing.
pub(crate) struct Paced {
    provider: Arc<dyn Provider>,
    pacer: Arc<Pacer>,
    retry: RetryPolicy,
}

/// The longest pause the vendor may ask for before a job stops and says when to try again
/// instead of waiting (Baishan's hourly and daily limits reset in hours).
pub(crate) const LONGEST_WAIT: Duration = Duration::from_secs(120);

/// The vendor asks for a pause longer than CacheDesk waits for.
pub(crate) fn asks_long_pause(e: &Error) -> bool {
    matches!(e, Error::RateLimited { retry_after_secs: Some(s) } if *s > LONGEST_WAIT.as_secs())
}

/// The code the vendor clients give an answer they could not read.
pub(crate) const MALFORMED: &str = "MalformedResponse";

/// A call that changes nothing failed in a way another try may fix.
fn query_retryable(e: &Error) -> bool {
    match e {
        Error::RateLimited { .. } => !asks_long_pause(e),
        Error::Network { .. } | Error::ClockSkew => true,
        Error::Vendor { status, code, .. } => {
            code == MALFORMED || !matches!(status, Some(400..=428 | 430..=499))
        }
        _ => false,
    }
}

impl Paced {
    pub fn new(provider: Arc<dyn Provider>, pacer: Arc<Pacer>, retry: RetryPolicy) -> Paced {
        Paced {
            provider,
            pacer,
            retry,
        }
    }

    pub fn pacer(&self) -> &Pacer {
        &self.pacer
    }

    /// Runs `attempt` until it succeeds, fails for good, or the retries run out; honours the
    /// vendor's `retry after`.
    pub async fn with_retries<T, F, Fut>(
        &self,
        retryable: fn(&Error) -> bool,
        attempt: F,
    ) -> Result<T>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        let backoff = ExponentialBuilder::default()
            .with_min_delay(self.retry.min_delay)
            .with_max_delay(self.retry.max_delay)
            .with_max_times(self.retry.max_retries)
            .with_jitter();
        attempt
            .retry(backoff)
            .sleep(tokio::time::sleep)
            .when(retryable)
            .adjust(|e, delay| match e {
                Error::RateLimited {
                    retry_after_secs: Some(s),
                } => delay.map(|d| d.max(Duration::from_secs(*s))),
                _ => delay,
            })
            .notify(|e, delay| {
                if let Error::RateLimited { retry_after_secs } = e {
                    self.pacer.pause_for(*retry_after_secs);
                }
                tracing::debug!(code = ?e.code(), ?delay, "retrying a vendor call");
            })
            .await
    }

    /// One call after the account's pacing, its answer's headers read.
    async fn paced<T>(
        &self,
        call: impl Future<Output = Result<T>>,
        meta: impl Fn(&T) -> &cachedesk_core::ResponseMeta,
    ) -> Result<T> {
        let _slot = self.pacer.ready().await;
        let answer = call.await;
        if let Ok(value) = &answer {
            self.pacer.observe(meta(value));
        }
        answer
    }
}

#[async_trait]
impl Provider for Paced {
    fn vendor(&self) -> Vendor {
        self.provider.vendor()
    }

    fn limits(&self) -> VendorLimits {
        self.provider.limits()
    }

    /// Sent once: a submit is not idempotent (see `runner::call::submit` for when to resend).
    async fn submit(&self, request: &SubmitRequest) -> Result<SubmitReceipt> {
        self.paced(self.provider.submit(request), |r| &r.meta).await
    }

    async fn query(&self, query: &TaskQuery) -> Result<Page<UrlRecord>> {
        self.with_retries(query_retryable, || {
            self.paced(self.provider.query(query), |p| &p.meta)
        })
        .await
    }

    async fn quota(&self) -> Result<Option<Quota>> {
        self.with_retries(query_retryable, || async {
            let _slot = self.pacer.ready().await;
            self.provider.quota().await
        })
        .await
    }

    /// Once, paced: a person waits for the answer.
    async fn check(&self) -> Result<()> {
        let _slot = self.pacer.ready().await;
        self.provider.check().await
    }
}

/// A vendor's error answer with `status` and `code`, for tests of how errors are classed.
#[cfg(test)]
pub(crate) fn vendor(status: u16, code: &str) -> Error {
    Error::Vendor {
        status: Some(status),
        code: code.into(),
        message: String::new(),
        request_id: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_retry_transient_failures_only() {
        assert!(query_retryable(&vendor(500, "InternalError")));
        assert!(query_retryable(&vendor(429, "TooManyRequests")));
        assert!(query_retryable(&vendor(200, MALFORMED)));
        assert!(!query_retryable(&vendor(400, "InvalidTime")));
        assert!(!query_retryable(&Error::Auth {
            code: "AccessDenied".into(),
            message: String::new()
        }));
        let pause = |s| Error::RateLimited {
            retry_after_secs: Some(s),
        };
        assert!(query_retryable(&pause(30)));
        assert!(
            !query_retryable(&pause(3600)),
            "an hour's pause stops the call"
        );
    }
}

//! Vendor calls with the engine's retry rules: a status query is retried on anything
//! transient; a submit only when it surely did not take effect.

use crate::options::RetryPolicy;
use crate::pacer::Pacer;
use backon::{ExponentialBuilder, Retryable};
use cachedesk_core::{Error, Quota, Result, UrlRecord};
use cachedesk_vendors::{Provider, SubmitReceipt, SubmitRequest, TaskQuery};
use std::future::Future;
use std::time::Duration;

/// What a failed submit means for its batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SubmitFailure {
    /// Surely not taken (refused connection, 429, 503, expired signature): may be sent again.
    NotDelivered,
    /// The vendor refused the content (a plain 4xx): split the batch to find the bad URLs.
    Refused,
    /// May have been taken (timeout, dropped connection, 500, unreadable answer): reconcile.
    Unknown,
    /// Needs a person (credentials, quota, input): stop the job.
    Stop,
}

pub(crate) fn classify_submit(e: &Error) -> SubmitFailure {
    match e {
        Error::Network {
            maybe_delivered: false,
            ..
        }
        | Error::RateLimited { .. }
        | Error::ClockSkew
        | Error::Vendor {
            status: Some(503), ..
        } => SubmitFailure::NotDelivered,
        Error::Vendor {
            status: Some(400..=499),
            code,
            ..
        } if code != MALFORMED => SubmitFailure::Refused,
        Error::Network { .. } | Error::Vendor { .. } | Error::Internal(_) => SubmitFailure::Unknown,
        _ => SubmitFailure::Stop,
    }
}

/// The code the vendor clients give an answer they could not read.
const MALFORMED: &str = "MalformedResponse";

/// A status query failed in a way another try may fix.
fn query_retryable(e: &Error) -> bool {
    match e {
        Error::Network { .. } | Error::RateLimited { .. } | Error::ClockSkew => true,
        Error::Vendor { status, code, .. } => {
            code == MALFORMED || !matches!(status, Some(400..=428 | 430..=499))
        }
        _ => false,
    }
}

/// Runs `attempt` (after the account's pacing) until it succeeds, fails for good, or the
/// retries run out; honours the vendor's `retry after` on 429s.
async fn with_retries<T, F, Fut>(
    policy: RetryPolicy,
    pacer: &Pacer,
    retryable: fn(&Error) -> bool,
    mut attempt: F,
) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T>>,
{
    let backoff = ExponentialBuilder::default()
        .with_min_delay(policy.min_delay)
        .with_max_delay(policy.max_delay)
        .with_max_times(policy.max_retries)
        .with_jitter();
    let call = || {
        let fut = attempt();
        async move {
            pacer.ready().await;
            fut.await
        }
    };
    call.retry(backoff)
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
                pacer.pause_for(*retry_after_secs);
            }
            tracing::debug!(code = ?e.code(), ?delay, "retrying a vendor call");
        })
        .await
}

/// One submit, resent only while it surely did not take effect.
pub(crate) async fn submit(
    provider: &dyn Provider,
    policy: RetryPolicy,
    pacer: &Pacer,
    request: &SubmitRequest,
) -> Result<SubmitReceipt> {
    let receipt = with_retries(
        policy,
        pacer,
        |e| classify_submit(e) == SubmitFailure::NotDelivered,
        || provider.submit(request),
    )
    .await?;
    pacer.observe(&receipt.meta);
    Ok(receipt)
}

/// Today's quota, where the vendor reports it.
pub(crate) async fn quota(
    provider: &dyn Provider,
    policy: RetryPolicy,
    pacer: &Pacer,
) -> Result<Option<Quota>> {
    with_retries(policy, pacer, query_retryable, || provider.quota()).await
}

/// Every record a status query selects, following the vendor's pages.
pub(crate) async fn query_all(
    provider: &dyn Provider,
    policy: RetryPolicy,
    pacer: &Pacer,
    mut query: TaskQuery,
) -> Result<Vec<UrlRecord>> {
    let mut records = Vec::new();
    loop {
        let page = with_retries(policy, pacer, query_retryable, || provider.query(&query)).await?;
        pacer.observe(&page.meta);
        records.extend(page.items);
        match page.next {
            Some(next) if Some(&next) != query.cursor.as_ref() => query.cursor = Some(next),
            _ => return Ok(records),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vendor(status: u16, code: &str) -> Error {
        Error::Vendor {
            status: Some(status),
            code: code.into(),
            message: String::new(),
            request_id: None,
        }
    }

    #[test]
    fn a_post_is_resent_only_when_it_surely_did_not_arrive() {
        use SubmitFailure::*;
        let net = |maybe_delivered| Error::Network {
            message: String::new(),
            maybe_delivered,
        };
        assert_eq!(classify_submit(&net(false)), NotDelivered);
        assert_eq!(classify_submit(&net(true)), Unknown);
        assert_eq!(
            classify_submit(&vendor(503, "ServiceUnavailable")),
            NotDelivered
        );
        assert_eq!(classify_submit(&vendor(500, "InternalError")), Unknown);
        assert_eq!(classify_submit(&vendor(201, MALFORMED)), Unknown);
        assert_eq!(classify_submit(&vendor(400, MALFORMED)), Unknown);
        assert_eq!(classify_submit(&vendor(400, "IllegalRequestUrl")), Refused);
        assert_eq!(classify_submit(&Error::ClockSkew), NotDelivered);
        assert_eq!(
            classify_submit(&Error::RateLimited {
                retry_after_secs: None
            }),
            NotDelivered
        );
        let quota = Error::QuotaExceeded {
            message: String::new(),
        };
        assert_eq!(classify_submit(&quota), Stop);
    }

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
    }
}

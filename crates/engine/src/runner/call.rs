//! Vendor calls with the engine's rules for a submit: resent only when it surely did not take
//! effect; refused URLs told apart from a refusal of the account or of the request itself.

use crate::paced::{asks_long_pause, Paced, MALFORMED};
use cachedesk_core::{Error, Result, UrlRecord};
use cachedesk_vendors::{Provider, SubmitReceipt, SubmitRequest, TaskQuery};

/// What a failed submit means for its batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SubmitFailure {
    /// Surely not taken (refused connection, 429, expired signature): may be sent again.
    NotDelivered,
    /// The vendor refused URLs of the batch (a code about a URL, or URLs it names): find them.
    Refused,
    /// May have been taken (timeout, dropped connection, 5xx that a proxy may have forwarded,
    /// unreadable answer): reconcile.
    Unknown,
    /// A refusal of the account or the request as a whole (credentials, permissions, overdue
    /// bill, quota, wrong endpoint, any other 4xx, a long pause): stop the job, keep its URLs
    /// waiting.
    Stop,
}

pub(crate) fn classify_submit(e: &Error) -> SubmitFailure {
    match e {
        Error::RateLimited { .. } if asks_long_pause(e) => SubmitFailure::Stop,
        Error::Network {
            maybe_delivered: false,
            ..
        }
        | Error::RateLimited { .. }
        | Error::ClockSkew => SubmitFailure::NotDelivered,
        Error::UrlsRefused { .. } => SubmitFailure::Refused,
        Error::Vendor { status, code, .. }
            if code == MALFORMED || status.is_none_or(|s| s >= 500) =>
        {
            SubmitFailure::Unknown
        }
        Error::Network { .. } | Error::Internal(_) => SubmitFailure::Unknown,
        _ => SubmitFailure::Stop,
    }
}

/// One submit, resent only while it surely did not take effect.
pub(crate) async fn submit(paced: &Paced, request: &SubmitRequest) -> Result<SubmitReceipt> {
    paced
        .with_retries(
            |e| classify_submit(e) == SubmitFailure::NotDelivered,
            || paced.submit(request),
        )
        .await
}

/// Every record a status query selects, following the vendor's pages.
pub(crate) async fn query_all(
    provider: &dyn Provider,
    mut query: TaskQuery,
) -> Result<Vec<UrlRecord>> {
    let mut records = Vec::new();
    loop {
        let page = provider.query(&query).await?;
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
    use crate::paced::vendor;

    #[test]
    fn a_post_is_resent_only_when_it_surely_did_not_arrive() {
        use SubmitFailure::*;
        let net = |maybe_delivered| Error::Network {
            message: String::new(),
            maybe_delivered,
        };
        assert_eq!(classify_submit(&net(false)), NotDelivered);
        assert_eq!(classify_submit(&net(true)), Unknown);
        // A proxy may have forwarded the request before answering 503.
        assert_eq!(classify_submit(&vendor(503, "ServiceUnavailable")), Unknown);
        assert_eq!(classify_submit(&vendor(500, "InternalError")), Unknown);
        assert_eq!(classify_submit(&vendor(201, MALFORMED)), Unknown);
        assert_eq!(classify_submit(&vendor(400, MALFORMED)), Unknown);
        assert_eq!(classify_submit(&Error::ClockSkew), NotDelivered);
        assert_eq!(
            classify_submit(&Error::RateLimited {
                retry_after_secs: None
            }),
            NotDelivered
        );
    }

    #[test]
    fn only_a_refusal_about_urls_splits_a_batch() {
        use SubmitFailure::*;
        let refused = Error::UrlsRefused {
            code: "IllegalRequestUrl".into(),
            message: String::new(),
            urls: vec![],
        };
        assert_eq!(classify_submit(&refused), Refused);
        // Any other 4xx concerns the request or the account: splitting would fail every URL.
        assert_eq!(classify_submit(&vendor(400, "InvalidArgument")), Stop);
        assert_eq!(classify_submit(&vendor(200, "400")), Stop);
        for account_wide in [
            Error::QuotaExceeded {
                message: String::new(),
            },
            Error::Auth {
                code: "AccessDenied".into(),
                message: String::new(),
            },
            Error::Account {
                code: "AccountOverdue".into(),
                message: String::new(),
            },
            Error::Endpoint { status: 404 },
            Error::RateLimited {
                retry_after_secs: Some(3600),
            },
        ] {
            assert_eq!(classify_submit(&account_wide), Stop, "{account_wide:?}");
        }
    }
}

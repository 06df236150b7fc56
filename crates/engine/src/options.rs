//! How the engine paces itself. The defaults suit real vendors; tests shorten them.

use cachedesk_core::Result;
use cachedesk_vendors::{Provider, ProviderConfig};
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// Builds a vendor client for a profile and its credentials.
pub type Connector = Arc<dyn Fn(ProviderConfig) -> Result<Arc<dyn Provider>> + Send + Sync>;

/// Retries of one request that surely did not take effect (and of every status query).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    pub min_delay: Duration,
    pub max_delay: Duration,
    /// Retries after the first attempt.
    pub max_retries: usize,
}

impl Default for RetryPolicy {
    /// The BCE SDKs' policy (300 ms doubling, 20 s cap), with a few more tries.
    fn default() -> Self {
        RetryPolicy {
            min_delay: Duration::from_millis(300),
            max_delay: Duration::from_secs(20),
            max_retries: 5,
        }
    }
}

/// Pauses between status polls: each round waits the next interval, the last one repeats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PollSchedule {
    pub intervals: Vec<Duration>,
    /// A URL with no final status this long after its batch was sent is marked failed
    /// (the vendor lost it or never finishes it), so no job polls forever.
    pub give_up_after: Duration,
}

impl Default for PollSchedule {
    fn default() -> Self {
        PollSchedule {
            intervals: [1, 2, 5, 10, 30].map(Duration::from_secs).to_vec(),
            give_up_after: Duration::from_secs(24 * 3600),
        }
    }
}

impl PollSchedule {
    /// The pause before poll round `round` (0-based).
    pub fn interval(&self, round: usize) -> Duration {
        self.intervals
            .get(round)
            .or(self.intervals.last())
            .copied()
            .unwrap_or(Duration::from_secs(1))
    }
}

/// How a submit whose answer was lost is checked with the vendor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReconcilePolicy {
    /// Wait this long after the lost answer before asking (vendors list new tasks late).
    pub delay: Duration,
    /// Keep looking for this long (and up to half again, at random) while the vendor lists none
    /// of the batch before concluding that the submit never arrived.
    pub listing_lag: Duration,
    /// A record made this long before the send (on the vendor's clock) may still be ours:
    /// `Date` has whole seconds.
    pub margin: Duration,
    /// How far off a clock the vendor accepts (BCE: 30 minutes). Until an answer has told the
    /// vendor's clock, the listing reaches this far around the send.
    pub accepted_skew: Duration,
    /// Times one batch may be sent before the job stops instead of sending it again.
    pub max_sends: u32,
}

impl Default for ReconcilePolicy {
    fn default() -> Self {
        ReconcilePolicy {
            delay: Duration::from_secs(2),
            listing_lag: Duration::from_secs(30),
            margin: Duration::from_secs(3),
            accepted_skew: Duration::from_secs(30 * 60),
            max_sends: 3,
        }
    }
}

/// Everything `Engine::open_with` can tune.
#[derive(Clone)]
pub struct EngineOptions {
    pub retry: RetryPolicy,
    pub poll: PollSchedule,
    pub reconcile: ReconcilePolicy,
    /// How vendor clients are made; the default is `cachedesk_vendors::connect`.
    pub connector: Connector,
}

impl Default for EngineOptions {
    fn default() -> Self {
        EngineOptions {
            retry: RetryPolicy::default(),
            poll: PollSchedule::default(),
            reconcile: ReconcilePolicy::default(),
            connector: Arc::new(cachedesk_vendors::connect),
        }
    }
}

impl fmt::Debug for EngineOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EngineOptions")
            .field("retry", &self.retry)
            .field("poll", &self.poll)
            .field("reconcile", &self.reconcile)
            .finish_non_exhaustive()
    }
}

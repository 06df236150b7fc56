//! The life cycle of a URL, a batch and a job, and the only transitions allowed between states.
//!
//! The same transition table is installed in the database as a trigger (see `store::schema`),
//! so no writer — this engine, an older build, a hand-run SQL statement — can move a URL along
//! an edge that is not listed here.

use serde::{Deserialize, Serialize};

/// Where one input line stands. Every line of every job is in exactly one of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum UrlState {
    /// Refused before sending (intake: bad URL, host not covered, duplicate). Final.
    Rejected,
    /// Journaled, waiting for its batch to be sent.
    Pending,
    /// Its batch is on the wire (or was when the program stopped).
    Sending,
    /// The vendor took it: the row carries the vendor task id.
    Accepted,
    /// The answer to its submit was lost; the row's reason says what reconciliation found.
    Uncertain,
    /// The vendor finished it.
    Completed,
    /// The vendor refused or failed it: the row's reason says why. Final.
    Failed,
}

impl UrlState {
    pub const ALL: [UrlState; 7] = [
        UrlState::Rejected,
        UrlState::Pending,
        UrlState::Sending,
        UrlState::Accepted,
        UrlState::Uncertain,
        UrlState::Completed,
        UrlState::Failed,
    ];

    /// Every allowed `(from, to)` move. Staying in the same state is always allowed.
    pub const TRANSITIONS: [(UrlState, UrlState); 9] = [
        (UrlState::Pending, UrlState::Sending),
        (UrlState::Sending, UrlState::Pending),
        (UrlState::Sending, UrlState::Accepted),
        (UrlState::Sending, UrlState::Uncertain),
        (UrlState::Sending, UrlState::Failed),
        (UrlState::Uncertain, UrlState::Pending),
        (UrlState::Uncertain, UrlState::Accepted),
        (UrlState::Accepted, UrlState::Completed),
        (UrlState::Accepted, UrlState::Failed),
    ];

    pub fn can_become(self, next: UrlState) -> bool {
        self == next || Self::TRANSITIONS.contains(&(self, next))
    }

    /// No later event changes this state.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            UrlState::Rejected | UrlState::Completed | UrlState::Failed
        )
    }

    pub fn slug(self) -> &'static str {
        match self {
            UrlState::Rejected => "rejected",
            UrlState::Pending => "pending",
            UrlState::Sending => "sending",
            UrlState::Accepted => "accepted",
            UrlState::Uncertain => "uncertain",
            UrlState::Completed => "completed",
            UrlState::Failed => "failed",
        }
    }
}

/// Where one submit request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BatchState {
    Pending,
    /// Marked before the request leaves; with no task id after a crash it means "uncertain".
    Sending,
    /// The vendor holds it (task id known, or found by reconciliation).
    Accepted,
    /// Its submit may or may not have reached the vendor: reconcile before anything else.
    Uncertain,
    /// The vendor refused it with a 4xx: its URLs moved into two half-size child batches.
    Split,
    /// Nothing of it reached the vendor and nothing will (a single refused URL).
    Failed,
}

impl BatchState {
    pub const ALL: [BatchState; 6] = [
        BatchState::Pending,
        BatchState::Sending,
        BatchState::Accepted,
        BatchState::Uncertain,
        BatchState::Split,
        BatchState::Failed,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            BatchState::Pending => "pending",
            BatchState::Sending => "sending",
            BatchState::Accepted => "accepted",
            BatchState::Uncertain => "uncertain",
            BatchState::Split => "split",
            BatchState::Failed => "failed",
        }
    }
}

/// Where a whole job stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum JobStatus {
    /// Journaled, not started yet.
    Queued,
    /// Being sent or polled (or was, when the program stopped: `resume` picks it up).
    Running,
    /// Stopped by an error that needs a person (credentials, clock, quota, network):
    /// the job's error says which. Resumable.
    Stopped,
    /// Every URL is in a final state (or uncertain with what reconciliation found).
    Finished,
}

impl JobStatus {
    pub const ALL: [JobStatus; 4] = [
        JobStatus::Queued,
        JobStatus::Running,
        JobStatus::Stopped,
        JobStatus::Finished,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            JobStatus::Queued => "queued",
            JobStatus::Running => "running",
            JobStatus::Stopped => "stopped",
            JobStatus::Finished => "finished",
        }
    }
}

macro_rules! slug_traits {
    ($($ty:ident),*) => {$(
        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.slug())
            }
        }

        impl std::str::FromStr for $ty {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $ty::ALL
                    .into_iter()
                    .find(|v| v.slug() == s)
                    .ok_or_else(|| format!("unknown {} '{s}'", stringify!($ty)))
            }
        }
    )*};
}

pub(crate) use slug_traits;

slug_traits!(UrlState, BatchState, JobStatus);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn final_states_have_no_way_out() {
        for (from, to) in UrlState::TRANSITIONS {
            assert!(!from.is_final(), "{from} -> {to}");
            assert_ne!(from, to);
        }
        assert!(!UrlState::Completed.can_become(UrlState::Pending));
        assert!(!UrlState::Accepted.can_become(UrlState::Pending));
        assert!(!UrlState::Pending.can_become(UrlState::Accepted));
        assert!(UrlState::Uncertain.can_become(UrlState::Accepted));
    }

    #[test]
    fn slugs_round_trip() {
        for s in UrlState::ALL {
            assert_eq!(s.slug().parse::<UrlState>(), Ok(s));
        }
        for s in BatchState::ALL {
            assert_eq!(s.slug().parse::<BatchState>(), Ok(s));
        }
        for s in JobStatus::ALL {
            assert_eq!(s.slug().parse::<JobStatus>(), Ok(s));
        }
        assert!("gone".parse::<UrlState>().is_err());
    }
}

//! Each job's URLs counted by state (`job_counts`), so that history pages never count millions
//! of rows. The journal's writers keep the counts in the transaction that moves the URLs, one
//! update per state and statement: triggers did it per URL, and two count updates for every
//! URL of every batch step were half the CPU of sending a 20,000-URL job (measured).

use crate::model::JobId;
use crate::state::UrlState;
use rusqlite::{params, Transaction};

/// The changes to one job's counts made by a transaction, written by [`Tally::write`].
#[must_use = "a tally changes nothing until it is written"]
pub(super) struct Tally {
    job: JobId,
    deltas: [i64; UrlState::ALL.len()],
}

impl Tally {
    pub fn new(job: JobId) -> Tally {
        Tally {
            job,
            deltas: [0; UrlState::ALL.len()],
        }
    }

    /// `n` URLs journaled in `state`.
    pub fn added(&mut self, state: UrlState, n: usize) {
        self.deltas[slot(state)] += count(n);
    }

    /// `n` URLs removed while in `state`.
    pub fn removed(&mut self, state: UrlState, n: usize) {
        self.deltas[slot(state)] -= count(n);
    }

    /// `n` URLs moved from `from` to `to`.
    pub fn moved(&mut self, from: UrlState, to: UrlState, n: usize) {
        self.removed(from, n);
        self.added(to, n);
    }

    pub fn write(self, tx: &Transaction<'_>) -> rusqlite::Result<()> {
        let mut update =
            tx.prepare_cached("UPDATE job_counts SET n = n + ?3 WHERE job_id = ?1 AND state = ?2")?;
        for (state, delta) in UrlState::ALL.iter().zip(self.deltas) {
            if delta != 0 {
                update.execute(params![self.job.0, state.slug(), delta])?;
            }
        }
        Ok(())
    }
}

fn slot(state: UrlState) -> usize {
    UrlState::ALL
        .iter()
        .position(|s| *s == state)
        .expect("UrlState::ALL holds every state")
}

fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

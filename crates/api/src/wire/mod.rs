//! The one place the JSON of both front doors is declared (after Yaak's `yaak-rpc-schema`):
//! `cachedesk … --json` prints these types and the app's IPC sends them, so a job, its status
//! and outcome, its counts, its error, its URLs, a rejected line, a profile and a record of the vendor's history have one shape and one name
//! in both.
//! With the `specta` feature they derive `specta::Type`, from which the desktop shell generates
//! `ui/src/lib/bindings.ts`. docs/json.md shows them as the command prints them.
//!
//! Ids are decimal strings: a JavaScript number cannot hold every `i64`.

mod input;
mod job;
mod profile;
mod record;

pub use input::{Preview, RejectReason, RejectedLine};
pub use job::{JobSummary, JobUrl};
pub use profile::Profile;
pub use record::VendorRecord;

/// A `usize` count as the JSON number both doors print.
pub fn count(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

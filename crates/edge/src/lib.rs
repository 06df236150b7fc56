//! Proof at the edge. After a purge or prefetch, CacheDesk asks the edge node nearest this
//! computer for each URL (HEAD, or a one-byte GET where HEAD is refused) and reads the cache
//! headers the vendors use, to tell whether visitors now get the new version: every vendor's
//! console stops at "task completed".
//!
//! Where the header names come from is in docs/edge-proof.md.

mod headers;
mod probe;
mod verdict;

pub use headers::Reading;
pub use probe::{Probe, ProbeOptions, Resolve};
pub use verdict::{verdict, Checked, Verdict};

//! What an editor can send to support: log files and crash reports (issue 15).
//!
//! - [`install`]: a `tracing` subscriber writing to a rotating file ([`LOG_FILE`], 5 files of
//!   at most ~5 MB) in the OS log folder ([`log_dir`]) and, when asked, to stderr. Every line
//!   passes through [`scrub`]: the secrets made known with [`hide`] and every `token=` value
//!   are masked, as in every other message CacheDesk writes.
//! - [`crash::install_hook`]: a panic anywhere writes a crash report file beside the logs.
//!
//! The level is info for CacheDesk's own crates (warnings for the libraries below), debug when
//! asked ([`Level::Debug`], or `CACHEDESK_LOG=debug`).

pub mod crash;
mod folder;
mod redacted;
mod subscriber;
pub mod system;

pub use folder::{log_dir, LOG_DIR_ENV};
pub use redacted::{hide, scrub};
pub use subscriber::{install, Level, LogHandle, LogSetup, LOG_ENV, LOG_FILE};

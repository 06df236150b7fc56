//! The app's log file: installed before anything else, its level then set from the Settings.

use cachedesk_logs::{install, log_dir, Level, LogHandle, LogSetup, LOG_FILE};
use std::sync::OnceLock;

static HANDLE: OnceLock<LogHandle> = OnceLock::new();

/// Starts the log file in the OS log folder at info (or `CACHEDESK_LOG`). Without a log
/// folder, or when the file cannot be opened, CacheDesk runs without one.
pub fn start() {
    let Some(dir) = log_dir() else {
        return;
    };
    let setup = LogSetup {
        file: Some(dir.join(LOG_FILE)),
        stderr: false,
        level: Level::Info,
    };
    match install(setup) {
        Ok(handle) => {
            let _ = HANDLE.set(handle);
            tracing::info!(version = env!("CARGO_PKG_VERSION"), "CacheDesk starts");
        }
        Err(e) => eprintln!("CacheDesk writes no log file: {e}"),
    }
}

/// Debug lines on or off (the Settings' switch); `CACHEDESK_LOG` stays in force.
pub fn set_debug(debug: bool) {
    if let Some(handle) = HANDLE.get() {
        handle.set_level(if debug { Level::Debug } else { Level::Info });
    }
}

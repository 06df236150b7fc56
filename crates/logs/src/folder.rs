use directories::ProjectDirs;
use std::path::PathBuf;

/// Moves the log folder (tests, or an editor asked by support).
pub const LOG_DIR_ENV: &str = "CACHEDESK_LOG_DIR";

/// Where the app's log files and crash reports go: [`LOG_DIR_ENV`] when set, else
/// `$XDG_STATE_HOME/cachedesk/logs` (usually `~/.local/state/cachedesk/logs`) on Linux,
/// `~/Library/Application Support/cachedesk/logs` on macOS, `%LOCALAPPDATA%\cachedesk\data\logs`
/// on Windows. `None` when the OS reports no home folder.
pub fn log_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(LOG_DIR_ENV).filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    let dirs = ProjectDirs::from_path(PathBuf::from("cachedesk"))?;
    let base = dirs.state_dir().unwrap_or_else(|| dirs.data_local_dir());
    Some(base.join("logs"))
}

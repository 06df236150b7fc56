use directories::ProjectDirs;
use std::ffi::OsString;
use std::path::PathBuf;

/// The environment variable that moves the data folder (profiles, history), for the app and
/// the CLI alike.
pub const DATA_DIR_ENV: &str = "CACHEDESK_DATA_DIR";

/// Where profiles and history live unless told otherwise: `$XDG_DATA_HOME/cachedesk` (usually
/// `~/.local/share/cachedesk`) on Linux, `~/Library/Application Support/cachedesk` on macOS,
/// `%APPDATA%\cachedesk\data` on Windows. `None` when the OS reports no home folder.
pub fn default_data_dir() -> Option<PathBuf> {
    ProjectDirs::from_path(PathBuf::from("cachedesk")).map(|dirs| dirs.data_dir().to_path_buf())
}

/// The data folder to use: an explicit choice (a `--data-dir` flag), else the value of
/// [`DATA_DIR_ENV`] (pass `std::env::var_os(DATA_DIR_ENV)`), else [`default_data_dir`].
pub fn data_dir_from(explicit: Option<PathBuf>, env_value: Option<OsString>) -> Option<PathBuf> {
    explicit
        .or_else(|| env_value.filter(|v| !v.is_empty()).map(PathBuf::from))
        .or_else(default_data_dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_beats_env_beats_default() {
        let flag = PathBuf::from("/tmp/flag");
        let env = OsString::from("/tmp/env");
        assert_eq!(
            data_dir_from(Some(flag.clone()), Some(env.clone())),
            Some(flag)
        );
        assert_eq!(
            data_dir_from(None, Some(env)),
            Some(PathBuf::from("/tmp/env"))
        );
        assert_eq!(
            data_dir_from(None, Some(OsString::new())),
            default_data_dir()
        );
    }

    #[test]
    fn default_ends_in_cachedesk() {
        if let Some(dir) = default_data_dir() {
            assert!(
                dir.components().any(|c| c.as_os_str() == "cachedesk"),
                "{dir:?}"
            );
        }
    }
}

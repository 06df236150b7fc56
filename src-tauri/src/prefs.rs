//! The UI's preferences as the shell needs them, read from the store file the UI writes
//! (tauri-plugin-store `settings.json`): the language of messages and the poll interval.

use cachedesk_core::Lang;
use serde_json::Value;
use std::path::PathBuf;
use std::time::Duration;

/// The store file of `ui/src/lib/prefs.ts`.
pub const STORE_FILE: &str = "settings.json";

pub struct Prefs {
    file: PathBuf,
}

/// The OS locale, e.g. "zh-CN".
pub fn os_locale() -> Option<String> {
    sys_locale::get_locale()
}

impl Prefs {
    pub fn new(app_data_dir: PathBuf) -> Prefs {
        Prefs {
            file: app_data_dir.join(STORE_FILE),
        }
    }

    fn get(&self, key: &str) -> Option<Value> {
        let text = std::fs::read(&self.file).ok()?;
        let mut all: serde_json::Map<String, Value> = serde_json::from_slice(&text).ok()?;
        all.remove(key).filter(|v| !v.is_null())
    }

    /// The language the person picked, else the OS locale's.
    pub fn lang(&self) -> Lang {
        self.get("language")
            .and_then(|v| v.as_str().map(Lang::from_locale))
            .or_else(|| os_locale().as_deref().map(Lang::from_locale))
            .unwrap_or_default()
    }

    /// Whether the person asked for debug lines in the log file (Settings).
    pub fn log_debug(&self) -> bool {
        self.get("log_debug").and_then(|v| v.as_bool()) == Some(true)
    }

    /// The slowest pause between status polls, when the person set one.
    pub fn poll_interval(&self) -> Option<Duration> {
        self.get("poll_interval_secs")
            .and_then(|v| v.as_u64())
            .filter(|s| (2..=300).contains(s))
            .map(Duration::from_secs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_the_ui_stored() {
        let dir = tempfile::tempdir().unwrap();
        let prefs = Prefs::new(dir.path().to_path_buf());
        assert_eq!(prefs.poll_interval(), None);
        std::fs::write(
            dir.path().join(STORE_FILE),
            r#"{"language":"zh-CN","poll_interval_secs":15,"theme":"dark"}"#,
        )
        .unwrap();
        assert_eq!(prefs.lang(), Lang::ZhCn);
        assert_eq!(prefs.poll_interval(), Some(Duration::from_secs(15)));
        std::fs::write(
            dir.path().join(STORE_FILE),
            r#"{"language":"en","poll_interval_secs":1}"#,
        )
        .unwrap();
        assert_eq!(prefs.lang(), Lang::En);
        assert_eq!(prefs.poll_interval(), None);
    }
}

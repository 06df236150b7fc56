//! The log file: lines at the level asked, scrubbed, in the file named.

use cachedesk_logs::{hide, install, Level, LogSetup};

#[test]
fn events_reach_the_file_scrubbed_and_the_level_changes_live() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("logs").join("cachedesk.log");
    let handle = install(LogSetup {
        file: Some(path.clone()),
        stderr: false,
        level: Level::Info,
    })
    .unwrap();
    hide("sk-fake-log-secret");
    tracing::info!(target: "cachedesk_engine::x", job = 7, "job submitted with sk-fake-log-secret");
    tracing::debug!(target: "cachedesk_engine::x", "hidden at info");
    tracing::info!(target: "hyper::proto", "a library's info is left out");
    tracing::warn!(target: "cachedesk_api", url = "https://h/p?token=tok-fake-1&a=1", "sent");
    handle.set_level(Level::Debug);
    tracing::debug!(target: "cachedesk_engine::x", "shown at debug");

    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("job submitted with ***") && text.contains("job=7"),
        "{text}"
    );
    assert!(
        !text.contains("hidden at info") && !text.contains("a library's info"),
        "{text}"
    );
    assert!(
        text.contains("token=***&a=1") && text.contains("shown at debug"),
        "{text}"
    );
    assert!(
        !text.contains("sk-fake-log-secret") && !text.contains("tok-fake-1"),
        "{text}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "readable by its owner only");
    }
}

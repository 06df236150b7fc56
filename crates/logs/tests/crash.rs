//! A forced panic writes a crash report into the folder given, without the secrets known to
//! the logs, and the hook's follow-up learns where it is.

use cachedesk_logs::crash::{install_hook, Program};
use std::sync::{Arc, Mutex};

#[test]
fn a_forced_panic_writes_a_report_without_secrets() {
    let dir = tempfile::tempdir().unwrap();
    let told = Arc::new(Mutex::new(None));
    let told_hook = told.clone();
    cachedesk_logs::hide("sk-fake-crash-secret");
    install_hook(
        dir.path().to_path_buf(),
        Program {
            name: "cachedesk-test",
            version: "9.9.9",
        },
        move |path| *told_hook.lock().unwrap() = Some(path.to_path_buf()),
    );
    let crashed = std::thread::Builder::new()
        .name("forced".into())
        .spawn(|| panic!("forced for the test with sk-fake-crash-secret and token=tok-fake-7"))
        .unwrap()
        .join();
    assert!(crashed.is_err());

    let path = told
        .lock()
        .unwrap()
        .clone()
        .expect("the hook names the report");
    assert_eq!(path.parent(), Some(dir.path()));
    let report = std::fs::read_to_string(&path).unwrap();
    assert!(report.contains("program: cachedesk-test 9.9.9"), "{report}");
    assert!(report.contains("thread: forced"), "{report}");
    assert!(
        report.contains("panic: forced for the test with *** and token=***"),
        "{report}"
    );
    assert!(
        report.contains("at: crates/logs/tests/crash.rs:"),
        "{report}"
    );
    assert!(report.contains("os: "), "{report}");
    assert!(report.contains("backtrace:"), "{report}");
    assert!(!report.contains("sk-fake-crash-secret") && !report.contains("tok-fake-7"));
}

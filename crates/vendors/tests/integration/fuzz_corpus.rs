//! The fuzz smoke of CI: every input kept in `fuzz/corpus/{vendor_baidu,vendor_baishan,redact}/`
//! through the very function its fuzz target calls, with its checks. Runs in `cargo test`; no
//! cargo-fuzz, no nightly.

use cachedesk_vendors::fuzzing;
use std::path::Path;

fn replay(target: &str, run: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/corpus")
        .join(target);
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let outcome = std::panic::catch_unwind(|| run(&bytes));
        assert!(outcome.is_ok(), "{} fails", path.display());
        count += 1;
    }
    assert!(count > 0, "no corpus in {}", dir.display());
}

#[test]
fn every_kept_fuzz_input_of_vendor_baidu_passes() {
    replay("vendor_baidu", fuzzing::baidu_reply);
}

#[test]
fn every_kept_fuzz_input_of_vendor_baishan_passes() {
    replay("vendor_baishan", fuzzing::baishan_reply);
}

#[test]
fn every_kept_fuzz_input_of_redact_passes() {
    replay("redact", fuzzing::redact);
}

//! The fuzz smoke of CI: every input kept in `fuzz/corpus/bce_canonical/` through the very
//! function the fuzz target calls, with its checks. Runs in `cargo test`; no cargo-fuzz.

use std::path::Path;

#[test]
fn every_kept_fuzz_input_of_bce_canonical_passes() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/bce_canonical");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).expect("fuzz/corpus/bce_canonical") {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let outcome = std::panic::catch_unwind(|| cachedesk_bce_auth::fuzzing::canonical(&bytes));
        assert!(outcome.is_ok(), "{} fails", path.display());
        count += 1;
    }
    assert!(count > 0, "no corpus in {}", dir.display());
}

//! The fuzz smoke of CI: every input kept in `fuzz/corpus/intake/` (seeds, what the fuzzer
//! found interesting, and each crash it found, as `regress-*`) through the very function the
//! fuzz target calls, with its checks. Runs in `cargo test`; no cargo-fuzz, no nightly.

use std::path::Path;

#[test]
fn every_kept_fuzz_input_of_intake_passes() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/intake");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).expect("fuzz/corpus/intake") {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let outcome = std::panic::catch_unwind(|| cachedesk_intake::fuzzing::intake(&bytes));
        assert!(outcome.is_ok(), "{} fails", path.display());
        count += 1;
    }
    assert!(count > 0, "no corpus in {}", dir.display());
}

/// Found by the `intake` fuzz target: a workbook whose cell reference has a very long column
/// name overflows calamine's arithmetic (a panic in a debug build, a wrapped column in release).
/// The intake turns a panic of the reader into a clear error.
#[test]
fn a_cell_reference_with_an_overflowing_column_name_is_an_error_not_a_crash() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/intake");
    let file = std::fs::read(dir.join("regress-calamine-column-overflow")).unwrap();
    let outcome = cachedesk_intake::read_source(&file[1..], Some("urls.xlsx"));
    if cfg!(debug_assertions) {
        let err = outcome.expect_err("the reader fails");
        assert!(
            matches!(err, cachedesk_intake::IntakeError::Spreadsheet(_)),
            "{err:?}"
        );
    }
}

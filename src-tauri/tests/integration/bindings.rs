//! The committed `ui/src/lib/bindings.ts` must be what the Rust types generate today.

use std::path::Path;

#[test]
fn committed_bindings_are_current() {
    let committed_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/bindings.ts");
    let dir = tempfile::tempdir().expect("a temp folder");
    let fresh_path = dir.path().join("bindings.ts");
    cachedesk_app::export_bindings(&fresh_path).expect("bindings export");
    let fresh = std::fs::read_to_string(&fresh_path).expect("the fresh bindings");
    let committed = std::fs::read_to_string(&committed_path).unwrap_or_default();
    assert!(
        fresh == committed,
        "ui/src/lib/bindings.ts is stale: run `cargo run -p cachedesk-app --bin gen-bindings` and commit it"
    );
}

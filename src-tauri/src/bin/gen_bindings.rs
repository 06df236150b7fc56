//! Writes `ui/src/lib/bindings.ts` (or the path given) from the shell's Rust types.

use std::path::PathBuf;

fn main() {
    let path = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/bindings.ts")
        });
    match cachedesk_app::export_bindings(&path) {
        Ok(()) => println!("wrote {}", path.display()),
        Err(e) => {
            eprintln!("cannot write the bindings: {e}");
            std::process::exit(1);
        }
    }
}

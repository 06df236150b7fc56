//! `cachedesk diagnostics`: what support needs to know, never a secret.

use super::Ctx;
use crate::args::DiagnosticsArgs;
use crate::failure::{Exit, Failure};
use crate::text::say;
use cachedesk_api::diagnostics::{diagnostics, DoorFacts};

pub fn run(ctx: &Ctx, args: DiagnosticsArgs) -> Result<Exit, Failure> {
    let door = DoorFacts {
        program: "cachedesk",
        version: env!("CARGO_PKG_VERSION"),
        webview: None,
    };
    let facts = diagnostics(&ctx.desk()?, door)?;
    if args.json {
        let json = serde_json::to_string_pretty(&facts)
            .map_err(|e| Failure::Core(cachedesk_core::Error::Internal(e.to_string())))?;
        say!("{json}");
    } else {
        say!("{}", facts.to_text(ctx.lang).trim_end());
    }
    Ok(Exit::Ok)
}

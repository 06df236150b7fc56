//! `cachedesk`: the CacheDesk engine as a command for scripts and CI pipelines.

mod args;
mod commands;
mod credentials;
mod failure;
mod input;
mod job_view;
mod logging;
mod progress;
mod text;
mod time_arg;
mod words;

use crate::failure::Failure;
use crate::text::say;
use cachedesk_core::{Error, Lang};
use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    // Usage errors print clap's message and exit 2; --help and --version exit 0.
    let cli = args::Cli::parse();
    // Before any key is read: a dump of this process would hold them.
    if let Err(e) = cachedesk_api::no_core_dumps() {
        eprintln!("{e}");
    }
    let lang = text::lang_from_env();
    logging::start(&cli.log, lang);
    let json = cli.command.json();
    let outcome = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| {
            Failure::Core(Error::Internal(format!(
                "cannot start the async runtime: {e}"
            )))
        })
        .and_then(|runtime| runtime.block_on(commands::run(cli, lang)));
    match outcome {
        Ok(exit) => exit.code(),
        Err(failure) => {
            report(&failure, lang, json);
            failure.exit().code()
        }
    }
}

/// The error for a person on stderr, and as the JSON document when one was asked for.
fn report(failure: &Failure, lang: Lang, json: bool) {
    if json {
        let body = serde_json::json!({ "error": failure.to_body(lang) });
        say!(
            "{}",
            serde_json::to_string_pretty(&body).unwrap_or_else(|_| body.to_string())
        );
    }
    text::print_error(lang, &failure.message(lang));
}

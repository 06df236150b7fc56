//! The command's log (`--log-file`, `-v`) and crash reports: the secrets it was handed in the
//! environment are made known to the logs first, so no line or report can carry them.

use crate::args::LogArgs;
use crate::text::{print_warning, tr};
use cachedesk_api::{ACCESS_KEY_ENV, SECRET_KEY_ENV, TOKEN_ENV};
use cachedesk_core::Lang;
use cachedesk_logs::crash::{install_hook, Program};
use cachedesk_logs::{hide, install, Level, LogSetup};

pub fn start(args: &LogArgs, lang: Lang) {
    for name in [ACCESS_KEY_ENV, SECRET_KEY_ENV, TOKEN_ENV] {
        if let Ok(secret) = std::env::var(name) {
            hide(&secret);
        }
    }
    if let Some(dir) = cachedesk_logs::log_dir() {
        let program = Program {
            name: "cachedesk",
            version: env!("CARGO_PKG_VERSION"),
        };
        install_hook(dir, program, move |report| {
            let report = report.display();
            crate::text::print_error(
                lang,
                &tr!(
                    lang,
                    "cachedesk stopped on an internal error. Please send this report to support: {report}",
                    "cachedesk 因内部错误而停止。请将此报告发送给技术支持：{report}"
                ),
            );
        });
    }
    if args.log_file.is_none() && args.verbose == 0 {
        return;
    }
    let setup = LogSetup {
        file: args.log_file.clone(),
        stderr: args.verbose > 0,
        level: if args.verbose > 1 {
            Level::Debug
        } else {
            Level::Info
        },
    };
    if let Err(e) = install(setup) {
        print_warning(
            lang,
            &tr!(lang, "no log is written: {e}", "不会写入日志：{e}"),
        );
    }
}

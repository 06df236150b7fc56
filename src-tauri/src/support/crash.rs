//! A panic ends in a crash report and a dialog saying what happened and where the report is,
//! never a window that silently disappears.

use crate::support::startup::os_lang;
use cachedesk_core::Lang;
use cachedesk_logs::crash::{install_hook, Program};
use rfd::{MessageButtons, MessageDialog, MessageLevel};
use std::path::Path;
use std::sync::OnceLock;
use std::thread::ThreadId;

/// The thread running the window's event loop: a dialog needs that loop turning, so a panic
/// there is told on stderr and in the report only.
static EVENT_LOOP: OnceLock<ThreadId> = OnceLock::new();

/// Forces a panic at start in debug builds (the crash test), never in a release.
pub const FORCE_PANIC_ENV: &str = "CACHEDESK_TEST_PANIC";

/// Installs the hook; call it on the thread that will run the event loop.
pub fn install() {
    let _ = EVENT_LOOP.set(std::thread::current().id());
    let Some(dir) = cachedesk_logs::log_dir() else {
        return;
    };
    let program = Program {
        name: "cachedesk-app",
        version: env!("CARGO_PKG_VERSION"),
    };
    install_hook(dir, program, |report| {
        let (title, body) = text(os_lang(), report);
        if EVENT_LOOP.get() == Some(&std::thread::current().id()) {
            eprintln!("{title}\n{body}");
            return;
        }
        MessageDialog::new()
            .set_level(MessageLevel::Error)
            .set_title(&title)
            .set_description(&body)
            .set_buttons(MessageButtons::Ok)
            .show();
        std::process::exit(101);
    });
}

/// Panics in a background thread, as a failing task would, when a debug build is asked to
/// (see [`FORCE_PANIC_ENV`]).
pub fn panic_if_asked() {
    if cfg!(debug_assertions) && std::env::var_os(FORCE_PANIC_ENV).is_some() {
        std::thread::spawn(|| {
            panic!("{FORCE_PANIC_ENV} is set: a forced panic for the crash test")
        });
    }
}

fn text(lang: Lang, report: &Path) -> (String, String) {
    let report = report.display();
    match lang {
        Lang::En => (
            "CacheDesk stopped on an internal error".into(),
            format!(
                "Something went wrong inside CacheDesk and it has to close. Your jobs are safe: \
                 an unfinished one goes on when CacheDesk starts again.\n\n\
                 A crash report was saved (it holds no keys or tokens). Please send it to \
                 support:\n{report}"
            ),
        ),
        Lang::ZhCn => (
            "CacheDesk 因内部错误而停止".into(),
            format!(
                "CacheDesk 内部出错，需要关闭。任务不会丢失：未完成的任务会在下次启动时继续。\n\n\
                 已保存一份崩溃报告（不含任何密钥或令牌）。请将它发送给技术支持：\n{report}"
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_is_named_in_both_languages() {
        let path = Path::new("/logs/crash-1.txt");
        for lang in [Lang::En, Lang::ZhCn] {
            let (title, body) = text(lang, path);
            assert!(title.contains("CacheDesk") && body.contains("/logs/crash-1.txt"));
        }
        assert!(text(Lang::ZhCn, path).1.contains("崩溃报告（不含"));
    }
}

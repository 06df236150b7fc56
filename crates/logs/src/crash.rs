//! A panic anywhere ends in a crash report file: what happened, where, and the computer, so
//! support has more than "it closed".

use crate::{scrub, system};
use std::backtrace::Backtrace;
use std::fs::OpenOptions;
use std::io::{self, Write};
use std::panic::PanicHookInfo;
use std::path::{Path, PathBuf};

/// Who crashed: named in every report.
#[derive(Debug, Clone)]
pub struct Program {
    /// "cachedesk-app", "cachedesk".
    pub name: &'static str,
    pub version: &'static str,
}

/// Installs the panic hook: the report is written into `dir`, logged, and handed to `then`
/// (the app shows a window naming it). The previous hook still runs (stderr for developers).
pub fn install_hook(dir: PathBuf, program: Program, then: impl Fn(&Path) + Send + Sync + 'static) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        previous(info);
        let report = report(&program, info, &Backtrace::force_capture());
        match write(&dir, &report) {
            Ok(path) => {
                tracing::error!(report = %path.display(), "CacheDesk panicked: {}", message(info));
                then(&path);
            }
            Err(e) => tracing::error!(error = %e, "cannot write a crash report"),
        }
    }));
}

/// The panic's message, scrubbed like every log line.
pub fn message(info: &PanicHookInfo<'_>) -> String {
    let payload = info.payload();
    let text = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(no message)");
    scrub(text)
}

/// The report's text: the program, the computer, the message and where, the backtrace.
fn report(program: &Program, info: &PanicHookInfo<'_>, backtrace: &Backtrace) -> String {
    let location = info
        .location()
        .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()))
        .unwrap_or_else(|| "unknown".into());
    let thread = std::thread::current();
    scrub(&format!(
        "CacheDesk crash report\n\
         program: {} {}\n\
         time: {}\n\
         os: {}\n\
         thread: {}\n\
         panic: {}\n\
         at: {location}\n\n\
         backtrace:\n{backtrace}\n",
        program.name,
        program.version,
        chrono::Utc::now().to_rfc3339(),
        system::os(),
        thread.name().unwrap_or("unnamed"),
        message(info),
    ))
}

/// `crash-<UTC time>-<pid>.txt` in `dir`, readable by its owner only.
fn write(dir: &Path, report: &str) -> io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
    let path = dir.join(format!("crash-{stamp}-{}.txt", std::process::id()));
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(&path)?.write_all(report.as_bytes())?;
    Ok(path)
}

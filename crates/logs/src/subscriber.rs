//! The global `tracing` subscriber: a rotating file, stderr, or both.

use crate::redacted::Redacted;
use file_rotate::compression::Compression;
use file_rotate::suffix::AppendCount;
use file_rotate::{ContentLimit, FileRotate};
use std::fs::OpenOptions;
use std::io;
use std::path::{Path, PathBuf};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{fmt, reload, EnvFilter, Registry};

/// `info` or `debug` (CacheDesk's crates at that level), or any `tracing` filter
/// (`warn,cachedesk_engine=trace`). Wins over the level the app's Settings ask for.
pub const LOG_ENV: &str = "CACHEDESK_LOG";
/// The name of the app's log file in [`crate::log_dir`]; older ones are `cachedesk.log.1` …
pub const LOG_FILE: &str = "cachedesk.log";
/// A file is rotated once it passes this size; [`OLD_FILES`] older ones are kept.
const FILE_BYTES: usize = 5 * 1024 * 1024;
const OLD_FILES: usize = 4;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Level {
    #[default]
    Info,
    Debug,
}

impl Level {
    fn filter(self) -> EnvFilter {
        EnvFilter::new(match self {
            Level::Info => "warn,cachedesk=info",
            Level::Debug => "warn,cachedesk=debug",
        })
    }
}

/// Where the lines go and how many.
#[derive(Debug, Clone, Default)]
pub struct LogSetup {
    /// The log file, rotated beside it (`.1` the newest of the older ones).
    pub file: Option<PathBuf>,
    /// Also to stderr (the CLI's `-v`).
    pub stderr: bool,
    pub level: Level,
}

/// Changes the level of the installed subscriber while it runs.
pub struct LogHandle {
    filter: reload::Handle<EnvFilter, Registry>,
    from_env: bool,
}

impl LogHandle {
    /// The level the app's Settings ask for; a [`LOG_ENV`] filter stays in force.
    pub fn set_level(&self, level: Level) {
        if !self.from_env {
            let _ = self.filter.reload(level.filter());
        }
    }
}

/// The filter of [`LOG_ENV`] when it is set: a bare level applies to CacheDesk's crates.
fn env_filter() -> Option<EnvFilter> {
    let value = std::env::var(LOG_ENV).ok()?;
    let value = value.trim();
    let directives = match value {
        "" => return None,
        "trace" | "debug" | "info" | "warn" | "error" => format!("warn,cachedesk={value}"),
        other => other.to_owned(),
    };
    EnvFilter::try_new(directives).ok()
}

/// The rotating file, readable by its owner only (it names the URLs of jobs).
fn rotating(path: &Path) -> io::Result<FileRotate<AppendCount>> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
    if let Some(dir) = dir {
        std::fs::create_dir_all(dir)?;
    }
    let mut options = OpenOptions::new();
    options.read(true).create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    // FileRotate cannot say it failed to open the file: try first, to report why.
    options.open(path)?;
    Ok(FileRotate::new(
        path,
        AppendCount::new(OLD_FILES),
        ContentLimit::BytesSurpassed(FILE_BYTES),
        Compression::None,
        Some(options),
    ))
}

/// Installs the process-wide subscriber. Fails when the file cannot be opened or a
/// subscriber is already installed.
pub fn install(setup: LogSetup) -> io::Result<LogHandle> {
    let from_env = env_filter();
    let (filter, handle) =
        reload::Layer::new(from_env.clone().unwrap_or_else(|| setup.level.filter()));
    let file = match &setup.file {
        Some(path) => Some(
            fmt::layer()
                .with_ansi(false)
                .with_writer(Redacted::new(rotating(path)?)),
        ),
        None => None,
    };
    let stderr = setup.stderr.then(|| {
        fmt::layer()
            .with_ansi(false)
            .with_writer(Redacted::new(io::stderr()))
    });
    tracing_subscriber::registry()
        .with(filter)
        .with(file)
        .with(stderr)
        .try_init()
        .map_err(io::Error::other)?;
    Ok(LogHandle {
        filter: handle,
        from_env: from_env.is_some(),
    })
}

//! What support needs to know about an installation, for "Copy diagnostics" and
//! `cachedesk diagnostics`: never a secret, never a URL of a job.

use crate::Desk;
use cachedesk_core::{ErrorCode, Lang, Result, Vendor};
use cachedesk_engine::{JobFilter, PageRequest};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::fmt::Write;
use std::path::PathBuf;

/// How many recent jobs are looked through for errors.
const JOBS_LOOKED_AT: u32 = 50;
/// How many errors are told.
const ERRORS_TOLD: usize = 10;

/// What the front door knows and the desk does not.
pub struct DoorFacts {
    /// "cachedesk-app", "cachedesk".
    pub program: &'static str,
    pub version: &'static str,
    /// The window's web engine and its version ("WebKitGTK 2.48.3"), when the door has one.
    pub webview: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Diagnostics {
    pub program: String,
    pub version: String,
    pub os: String,
    pub webview: Option<String>,
    pub data_dir: PathBuf,
    pub log_dir: Option<PathBuf>,
    pub profiles: Vec<ProfileFacts>,
    /// The newest first.
    pub last_errors: Vec<JobErrorFacts>,
}

/// A profile as support may see it: the vendor and the host it talks to.
#[derive(Debug, Clone, Serialize)]
pub struct ProfileFacts {
    pub vendor: Vendor,
    /// `None`: the vendor's public endpoint.
    pub endpoint_host: Option<String>,
    pub demo: bool,
}

/// A job that stopped on an error or ended with failed URLs.
#[derive(Debug, Clone, Serialize)]
pub struct JobErrorFacts {
    pub job: i64,
    pub at: DateTime<Utc>,
    pub vendor: Vendor,
    pub code: ErrorCode,
    /// The stop's reason in English (support reads English), or how many URLs failed.
    pub message: String,
}

/// Gathers the facts of `desk`'s data folder for `door`.
pub fn diagnostics(desk: &Desk, door: DoorFacts) -> Result<Diagnostics> {
    let engine = desk.engine();
    let demo = desk.secrets().demo();
    let profiles = engine
        .profiles()?
        .into_iter()
        .map(|p| ProfileFacts {
            vendor: p.vendor,
            endpoint_host: p.endpoint.as_deref().map(host_of),
            demo: demo.contains(&p),
        })
        .collect();
    let page = PageRequest {
        offset: 0,
        limit: JOBS_LOOKED_AT,
    };
    let last_errors = engine
        .jobs(&JobFilter::default(), page)?
        .items
        .into_iter()
        .filter_map(|job| {
            let (code, message) = match (&job.error, job.counts.failed) {
                (Some(e), _) => (e.code, e.message(Lang::En).to_owned()),
                (None, 0) => return None,
                (None, 1) => (ErrorCode::Partial, "1 URL failed".to_owned()),
                (None, failed) => (ErrorCode::Partial, format!("{failed} URLs failed")),
            };
            Some(JobErrorFacts {
                job: job.id.0,
                at: job.updated_at,
                vendor: job.vendor,
                code,
                message,
            })
        })
        .take(ERRORS_TOLD)
        .collect();
    Ok(Diagnostics {
        program: door.program.into(),
        version: door.version.into(),
        os: cachedesk_logs::system::os(),
        webview: door.webview,
        data_dir: engine.data_dir().to_path_buf(),
        log_dir: cachedesk_logs::log_dir(),
        profiles,
        last_errors,
    })
}

/// The host of an endpoint, or the text itself when it is no URL (never its path or query).
fn host_of(endpoint: &str) -> String {
    match url::Url::parse(endpoint) {
        Ok(url) => match (url.host_str(), url.port()) {
            (Some(host), Some(port)) => format!("{host}:{port}"),
            (Some(host), None) => host.to_owned(),
            (None, _) => "(no host)".into(),
        },
        Err(_) => "(not a URL)".into(),
    }
}

impl Diagnostics {
    /// The text an editor pastes into a message to support.
    pub fn to_text(&self, lang: Lang) -> String {
        let label = |en: &'static str, zh: &'static str| match lang {
            Lang::En => en,
            Lang::ZhCn => zh,
        };
        let none = label("(none)", "（无）");
        let shown = |dir: &Option<PathBuf>| {
            dir.as_ref()
                .map_or(none.to_owned(), |d| d.display().to_string())
        };
        let mut out = String::new();
        let _ = writeln!(out, "{} {}", self.program, self.version);
        let _ = writeln!(out, "{}: {}", label("OS", "操作系统"), self.os);
        let webview = self.webview.as_deref().unwrap_or(none);
        let _ = writeln!(out, "{}: {webview}", label("WebView", "WebView"));
        let _ = writeln!(
            out,
            "{}: {}",
            label("Data folder", "数据目录"),
            self.data_dir.display()
        );
        let _ = writeln!(
            out,
            "{}: {}",
            label("Log folder", "日志目录"),
            shown(&self.log_dir)
        );
        let _ = writeln!(
            out,
            "{} ({}):",
            label("Profiles", "配置"),
            self.profiles.len()
        );
        for p in &self.profiles {
            let host = p
                .endpoint_host
                .as_deref()
                .unwrap_or(label("vendor default", "服务商默认地址"));
            let demo = if p.demo {
                label(" [demo]", " [演示]")
            } else {
                ""
            };
            let _ = writeln!(out, "  {} @ {host}{demo}", p.vendor.slug());
        }
        let _ = writeln!(
            out,
            "{} ({}):",
            label("Last errors", "最近的错误"),
            self.last_errors.len()
        );
        for e in &self.last_errors {
            let code = serde_json::to_value(e.code)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            let at = e.at.format("%Y-%m-%d %H:%M:%S UTC");
            let vendor = e.vendor.slug();
            let _ = writeln!(out, "  #{} {at} {vendor} {code}: {}", e.job, e.message);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_endpoint_is_told_by_its_host_only() {
        assert_eq!(
            host_of("https://cdn.example.com/v2?token=x"),
            "cdn.example.com"
        );
        assert_eq!(host_of("http://127.0.0.1:8080/"), "127.0.0.1:8080");
        assert_eq!(host_of("cdn.example.com"), "(not a URL)");
    }
}

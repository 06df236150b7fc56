//! Updates from the signed release feed (tauri-plugin-updater; the public key is in
//! tauri.conf.json, the private key signs releases in CI: RELEASE.md). Checked at start
//! (never in demo mode, a debug build or tests, unless `CACHEDESK_UPDATES=on`) and from the
//! Settings; the editor sees the version and its notes and chooses when to install. An
//! installation from a .deb or .rpm is updated by its package: the editor is told where to get
//! it.

use crate::shell::{Ready, Reply};
use cachedesk_core::{Error, ErrorBody, ErrorCode, Lang};
use serde::Serialize;
use std::sync::Mutex;
use tauri::utils::config::BundleType;
use tauri::utils::platform::bundle_type;
use tauri::{AppHandle, Manager, Runtime, State};
use tauri_plugin_updater::{Update, UpdaterExt};

/// `on`: check at start even in demo mode or a debug build; `off`: never at start.
pub const UPDATES_ENV: &str = "CACHEDESK_UPDATES";

/// A newer version the editor may install.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct UpdateOffer {
    pub version: String,
    pub current_version: String,
    /// The release notes, as the feed gives them.
    pub notes: Option<String>,
    /// When the release was published.
    pub date: Option<String>,
    pub way: InstallWay,
}

/// How the new version gets installed here.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum InstallWay {
    /// CacheDesk downloads, checks the signature, installs and restarts.
    InApp,
    /// Installed by a system package (.deb, .rpm): the new package from this page.
    Package { format: String, page: String },
}

/// The offer of the last check, for the Settings to show.
#[derive(Default)]
pub struct Updates {
    offer: Mutex<Option<UpdateOffer>>,
}

/// Whether to check at start: `CACHEDESK_UPDATES` decides when set; otherwise only a release
/// build that is not in demo mode.
pub fn checks_at_start(env: Option<&str>, demo: bool, debug_build: bool) -> bool {
    match env.map(str::trim) {
        Some("on") => true,
        Some("off") => false,
        _ => !demo && !debug_build,
    }
}

/// The release page next to a GitHub-style feed (`…/releases/latest/download/latest.json` ->
/// `…/releases/latest`), else the feed's site.
pub fn release_page(feed: &tauri::Url) -> String {
    let text = feed.as_str();
    match text.find("/download/") {
        Some(at) => text[..at].to_owned(),
        None => feed.origin().ascii_serialization(),
    }
}

/// The offer made of an update found in the feed.
pub fn offer(
    update: &Update,
    bundle: Option<BundleType>,
    feed: Option<&tauri::Url>,
) -> UpdateOffer {
    let page = feed.map(release_page).unwrap_or_default();
    let way = match bundle {
        Some(BundleType::Deb) => InstallWay::Package {
            format: "deb".into(),
            page,
        },
        Some(BundleType::Rpm) => InstallWay::Package {
            format: "rpm".into(),
            page,
        },
        _ => InstallWay::InApp,
    };
    UpdateOffer {
        version: update.version.clone(),
        current_version: update.current_version.clone(),
        notes: update.body.clone().filter(|n| !n.trim().is_empty()),
        date: update.date.map(|d| d.to_string()),
        way,
    }
}

/// The updater's failure as the window shows it.
pub fn error_body(error: &tauri_plugin_updater::Error, lang: Lang) -> ErrorBody {
    use tauri_plugin_updater::Error as U;
    let (code, reason, en, zh) = match error {
        U::Minisign(_)
        | U::Base64(_)
        | U::SignatureUtf8(_)
        | U::SignedVersionMismatch { .. }
        | U::MissingSignedVersion => (
            ErrorCode::Internal,
            "bad_signature",
            "The update was refused: its signature does not match CacheDesk's release key, so it may not come from the CacheDesk project. Nothing was installed.",
            "已拒绝该更新：其签名与 CacheDesk 的发布密钥不符，可能并非来自 CacheDesk 项目。未安装任何内容。",
        ),
        U::Reqwest(_) | U::Network(_) | U::ReleaseNotFound => (
            ErrorCode::Network,
            "unreachable",
            "Could not reach the update feed. Check the network connection and try again later.",
            "无法连接更新源。请检查网络后稍后再试。",
        ),
        _ => (
            ErrorCode::Internal,
            "failed",
            "The update could not be checked or installed.",
            "无法检查或安装更新。",
        ),
    };
    let message = match lang {
        Lang::En => format!("{en} ({error})"),
        Lang::ZhCn => format!("{zh}（{error}）"),
    };
    ErrorBody {
        code,
        message,
        details: serde_json::json!({ "reason": reason }),
    }
}

/// Asks the feed (the configured one, or `feed`) for a newer version.
pub async fn find<R: Runtime>(
    app: &AppHandle<R>,
    feed: Option<tauri::Url>,
) -> Result<Option<Update>, tauri_plugin_updater::Error> {
    let mut builder = app.updater_builder();
    if let Some(feed) = feed {
        builder = builder.endpoints(vec![feed])?;
    }
    builder.build()?.check().await
}

/// The configured feed (for the release page of a package install).
fn configured_feed<R: Runtime>(app: &AppHandle<R>) -> Option<tauri::Url> {
    let config = app.config().plugins.0.get("updater")?;
    let first = config.get("endpoints")?.as_array()?.first()?.as_str()?;
    tauri::Url::parse(first).ok()
}

async fn check_and_keep(
    app: &AppHandle,
) -> Result<Option<UpdateOffer>, tauri_plugin_updater::Error> {
    let found = find(app, None).await?;
    let offer = found
        .as_ref()
        .map(|u| offer(u, bundle_type(), configured_feed(app).as_ref()));
    if let Some(o) = &offer {
        tracing::info!(version = %o.version, "an update is available");
    }
    let updates = app.state::<Updates>();
    *updates.offer.lock().unwrap_or_else(|e| e.into_inner()) = offer.clone();
    Ok(offer)
}

/// The check at start, in the background, when [`checks_at_start`] allows it.
pub fn check_at_start(app: &AppHandle, demo: bool) {
    let env = std::env::var(UPDATES_ENV).ok();
    if !checks_at_start(env.as_deref(), demo, cfg!(debug_assertions)) {
        return;
    }
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        if let Err(e) = check_and_keep(&app).await {
            tracing::info!(error = %e, "the update check at start failed");
        }
    });
}

/// The offer of the last check (at start or from the Settings), if any.
#[tauri::command]
#[specta::specta]
pub async fn update_status(updates: State<'_, Updates>) -> Reply<Option<UpdateOffer>> {
    Ok(updates
        .offer
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone())
}

/// Asks the release feed now.
#[tauri::command]
#[specta::specta]
pub async fn check_update(app: AppHandle, ready: State<'_, Ready>) -> Reply<Option<UpdateOffer>> {
    let shell = ready.shell().await;
    check_and_keep(&app)
        .await
        .map_err(|e| error_body(&e, shell.prefs.lang()))
}

/// Downloads the offered version, checks its signature, installs it and restarts CacheDesk.
#[tauri::command]
#[specta::specta]
pub async fn install_update(app: AppHandle, ready: State<'_, Ready>) -> Reply<()> {
    let shell = ready.shell().await;
    let lang = shell.prefs.lang();
    let fail = |e: tauri_plugin_updater::Error| error_body(&e, lang);
    let Some(update) = find(&app, None).await.map_err(fail)? else {
        return Err(Error::NotFound("a newer version".into()).to_body(lang));
    };
    tracing::info!(version = %update.version, "installing an update");
    update
        .download_and_install(|_, _| {}, || {})
        .await
        .map_err(fail)?;
    app.restart()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_at_start_only_where_it_should() {
        assert!(checks_at_start(None, false, false));
        assert!(!checks_at_start(None, true, false), "demo mode");
        assert!(
            !checks_at_start(None, false, true),
            "debug builds and tests"
        );
        assert!(checks_at_start(Some("on"), true, true));
        assert!(!checks_at_start(Some("off"), false, false));
    }

    #[test]
    fn the_release_page_is_beside_the_feed() {
        let feed = tauri::Url::parse("https://github.com/o/r/releases/latest/download/latest.json")
            .unwrap();
        assert_eq!(
            release_page(&feed),
            "https://github.com/o/r/releases/latest"
        );
        let other = tauri::Url::parse("https://updates.example.com/feed.json").unwrap();
        assert_eq!(release_page(&other), "https://updates.example.com");
    }
}

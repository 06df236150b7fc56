//! "Copy diagnostics", "Open log folder" and the debug switch of the Settings.

use crate::shell::{Ready, Reply};
use crate::support::logging;
use cachedesk_api::diagnostics::{diagnostics, DoorFacts};
use cachedesk_core::Error;
use tauri::{AppHandle, State};
use tauri_plugin_opener::OpenerExt;

/// The web engine drawing the window, as support needs it.
fn webview() -> Option<String> {
    let engine = if cfg!(target_os = "linux") {
        "WebKitGTK"
    } else if cfg!(windows) {
        "WebView2"
    } else {
        "WKWebView"
    };
    tauri::webview_version()
        .ok()
        .map(|version| format!("{engine} {version}"))
}

/// The text "Copy diagnostics" puts on the clipboard: never a secret.
#[tauri::command]
#[specta::specta]
pub async fn diagnostics_text(ready: State<'_, Ready>) -> Reply<String> {
    let shell = ready.shell().await;
    let door = DoorFacts {
        program: "cachedesk-app",
        version: env!("CARGO_PKG_VERSION"),
        webview: webview(),
    };
    let facts = shell.reply(diagnostics(&shell.desk, door))?;
    Ok(facts.to_text(shell.prefs.lang()))
}

/// Opens the log folder (with the crash reports) in the file manager.
#[tauri::command]
#[specta::specta]
pub async fn open_log_folder(app: AppHandle, ready: State<'_, Ready>) -> Reply<()> {
    let shell = ready.shell().await;
    let opened = cachedesk_logs::log_dir()
        .ok_or_else(|| Error::NotFound("the log folder".into()))
        .and_then(|dir| {
            std::fs::create_dir_all(&dir)
                .map_err(|e| Error::storage_from(format!("{}: {e}", dir.display()), e))?;
            app.opener()
                .open_path(dir.to_string_lossy(), None::<&str>)
                .map_err(|e| Error::Internal(format!("cannot open {}: {e}", dir.display())))
        });
    shell.reply(opened)
}

/// Debug lines in the log file on or off (kept by the UI in its settings; read at start).
#[tauri::command]
#[specta::specta]
pub async fn set_debug_logging(debug: bool) -> Reply<()> {
    logging::set_debug(debug);
    let level = if debug { "debug" } else { "info" };
    tracing::info!(level, "log level changed");
    Ok(())
}

//! The files the window may name. The webview is not trusted (docs/security.md): a page that is
//! not the one we shipped must not make the backend read or write any file it likes. So the
//! backend opens the file dialogs itself and remembers what the person chose there, or dropped
//! on the window; the commands that take a path refuse every other one.

use crate::shell::{Ready, Reply};
use cachedesk_core::{said, Error, Result};
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;
use tauri::{AppHandle, DragDropEvent, Manager, State, WebviewWindow, WindowEvent};
use tauri_plugin_dialog::{DialogExt, FilePath};
use tauri_plugin_store::StoreExt;
use tokio::sync::oneshot;

/// The URL list formats the intake reads.
const URL_FILE_EXTENSIONS: [&str; 3] = ["txt", "csv", "xlsx"];

/// The paths the person chose: to read (opened or dropped) and to write (saved as).
#[derive(Default)]
pub struct Chosen {
    read: Mutex<HashSet<PathBuf>>,
    write: Mutex<HashSet<PathBuf>>,
}

impl Chosen {
    pub fn allow_read(&self, paths: impl IntoIterator<Item = PathBuf>) {
        lock(&self.read).extend(paths);
    }

    pub fn allow_write(&self, path: PathBuf) {
        lock(&self.write).insert(path);
    }

    /// `paths` as the engine reads them, when each was chosen to read.
    pub fn readable(&self, paths: &[String]) -> Result<Vec<PathBuf>> {
        let allowed = lock(&self.read);
        paths
            .iter()
            .map(|p| {
                let path = PathBuf::from(p);
                if allowed.contains(&path) {
                    Ok(path)
                } else {
                    Err(not_chosen(p))
                }
            })
            .collect()
    }

    /// `path`, when it was chosen in the save dialog.
    pub fn writable(&self, path: &str) -> Result<PathBuf> {
        let path_buf = PathBuf::from(path);
        if lock(&self.write).contains(&path_buf) {
            Ok(path_buf)
        } else {
            Err(not_chosen(path))
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn not_chosen(path: &str) -> Error {
    Error::InvalidInput(said!(
        "{path} was not chosen in a file dialog or dropped on the window; choose it again",
        "{path} 不是在文件对话框中选择或拖入窗口的文件，请重新选择"
    ))
}

/// Opens the preferences store of the window (`ui/src/lib/prefs.ts`) before the window asks for
/// it: the window gets this one by name (`get_store`) and has no permission to load another
/// file (the store plugin's `load` takes absolute and `..` paths).
pub fn open_prefs_store(app: &AppHandle) {
    let opened = app
        .store_builder(crate::prefs::STORE_FILE)
        .auto_save(Duration::from_millis(200))
        .build();
    if let Err(e) = opened {
        tracing::warn!(error = %e, "the preferences store did not open");
    }
}

/// Every file dropped on the window becomes readable (the webview only hears of the drop
/// after this handler ran, in the same turn of the event loop). A drop while the data is still
/// opening is not kept: the window shows no place to drop then, and reading such a file asks
/// to choose it again.
pub fn watch_drops(app: &AppHandle) {
    let Some(window) = app.get_webview_window("main") else {
        return;
    };
    let handle = app.clone();
    window.on_window_event(move |event| {
        if let WindowEvent::DragDrop(DragDropEvent::Drop { paths, .. }) = event {
            if let Some(shell) = handle.state::<Ready>().get() {
                shell.chosen.allow_read(paths.iter().cloned());
            }
        }
    });
}

/// The open dialog for URL lists; what the person picks becomes readable.
#[tauri::command]
#[specta::specta]
pub async fn pick_url_files(
    ready: State<'_, Ready>,
    window: WebviewWindow,
    title: String,
    filter_name: String,
) -> Reply<Vec<String>> {
    let (tx, rx) = oneshot::channel();
    window
        .dialog()
        .file()
        .set_parent(&window)
        .set_title(title)
        .add_filter(filter_name, &URL_FILE_EXTENSIONS)
        .pick_files(move |picked| {
            let _ = tx.send(picked.unwrap_or_default());
        });
    let paths: Vec<PathBuf> = rx
        .await
        .unwrap_or_default()
        .into_iter()
        .filter_map(|p| FilePath::into_path(p).ok())
        .collect();
    ready.shell().await.chosen.allow_read(paths.iter().cloned());
    Ok(paths.iter().map(|p| p.display().to_string()).collect())
}

/// The save dialog for a CSV export; the path the person gives becomes writable.
#[tauri::command]
#[specta::specta]
pub async fn pick_csv_destination(
    ready: State<'_, Ready>,
    window: WebviewWindow,
    title: String,
    file_name: String,
) -> Reply<Option<String>> {
    let (tx, rx) = oneshot::channel();
    window
        .dialog()
        .file()
        .set_parent(&window)
        .set_title(title)
        .set_file_name(file_name)
        .add_filter("CSV", &["csv"])
        .save_file(move |picked| {
            let _ = tx.send(picked);
        });
    let Some(path) = rx.await.ok().flatten().and_then(|p| p.into_path().ok()) else {
        return Ok(None);
    };
    ready.shell().await.chosen.allow_write(path.clone());
    Ok(Some(path.display().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use cachedesk_core::Lang;

    #[test]
    fn only_chosen_paths_pass() {
        let chosen = Chosen::default();
        chosen.allow_read([PathBuf::from("/home/editor/urls.xlsx")]);
        chosen.allow_write(PathBuf::from("/home/editor/out.csv"));
        assert!(chosen.readable(&["/home/editor/urls.xlsx".into()]).is_ok());
        for hostile in [
            "/etc/passwd",
            "/home/editor/../../etc/passwd",
            "~/.ssh/id_rsa",
        ] {
            let e = chosen
                .readable(&["/home/editor/urls.xlsx".into(), hostile.into()])
                .unwrap_err();
            assert!(e.message(Lang::ZhCn).contains("文件对话框"));
            assert!(chosen.writable(hostile).is_err());
        }
        assert!(chosen.writable("/home/editor/out.csv").is_ok());
        assert!(
            chosen.writable("/home/editor/urls.xlsx").is_err(),
            "chosen to read is not chosen to write"
        );
        assert!(chosen.readable(&["/home/editor/out.csv".into()]).is_err());
    }
}

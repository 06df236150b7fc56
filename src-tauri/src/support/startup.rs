//! Opening the data while the window paints; and when CacheDesk cannot start (its database
//! cannot be opened, its data folder cannot be made): a native dialog in the OS language with
//! the reason, the folder and what to do, never a silent exit with a line on stderr a desktop
//! user never sees.

use cachedesk_api::{Desk, Door};
use cachedesk_core::{Error, ErrorCode, Lang};
use cachedesk_engine::{EngineOptions, DATABASE_FILE};
use cachedesk_vault::{data_dir_from, DATA_DIR_ENV};
use std::path::{Path, PathBuf};
use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::{DialogExt, MessageDialogButtons, MessageDialogKind};

/// The exit code of an app that could not open its data (the CLI's storage code too).
pub const EXIT_STORAGE: i32 = 5;

/// The OS language (the Settings cannot be read before the data is open).
pub fn os_lang() -> Lang {
    crate::prefs::os_locale()
        .as_deref()
        .map(Lang::from_locale)
        .unwrap_or_default()
}

/// The title of every dialog saying CacheDesk cannot start.
pub fn title(lang: Lang) -> String {
    match lang {
        Lang::En => "CacheDesk could not start".into(),
        Lang::ZhCn => "CacheDesk 无法启动".into(),
    }
}

/// Why the data could not be opened, and where.
pub struct StartupFailure {
    pub error: Error,
    pub data_dir: PathBuf,
}

impl StartupFailure {
    /// A fresh start is offered only for a database file that is there and cannot be used:
    /// an unreadable folder or a missing keyring is not mended by moving a file.
    pub fn can_start_fresh(&self) -> bool {
        self.error.code() == ErrorCode::Storage && self.data_dir.join(DATABASE_FILE).is_file()
    }

    /// The dialog's title and text.
    pub fn text(&self, lang: Lang) -> (String, String) {
        let why = self.error.message(lang);
        let dir = self.data_dir.display();
        let logs = cachedesk_logs::log_dir()
            .map(|d| d.display().to_string())
            .unwrap_or_default();
        let fresh = self.can_start_fresh();
        match lang {
            Lang::En => {
                let todo = match self.error.code() {
                    ErrorCode::Keyring => "Unlock or set up the system keyring, then start CacheDesk again.".to_owned(),
                    _ if fresh => format!(
                        "If the disk is full, free some space and start CacheDesk again. If the database is damaged, \"Start fresh\" moves {DATABASE_FILE} aside (kept beside it for support) and opens an empty one: the history starts over and profiles must be added again; their keys stay in the keyring."
                    ),
                    _ => "Check that the folder exists and that you may write to it (or set CACHEDESK_DATA_DIR to another folder), then start CacheDesk again.".to_owned(),
                };
                (
                    title(lang),
                    format!("{why}\n\nData folder: {dir}\n\n{todo}\n\nDetails are in the log folder: {logs}"),
                )
            }
            Lang::ZhCn => {
                let todo = match self.error.code() {
                    ErrorCode::Keyring => "请解锁或设置系统凭据存储（如 GNOME 密钥环），然后重新启动 CacheDesk。".to_owned(),
                    _ if fresh => format!(
                        "如果磁盘已满，请释放空间后重新启动 CacheDesk。如果数据库已损坏，“重新开始”会把 {DATABASE_FILE} 移到一旁（保留在同一目录，供技术支持查看）并新建一个空数据库：历史记录从零开始，配置需要重新添加，其密钥仍保存在系统凭据存储中。"
                    ),
                    _ => "请确认该目录存在且有写入权限（或将 CACHEDESK_DATA_DIR 设为其他目录），然后重新启动 CacheDesk。".to_owned(),
                };
                (
                    title(lang),
                    format!("{why}\n\n数据目录：{dir}\n\n{todo}\n\n详细信息见日志目录：{logs}"),
                )
            }
        }
    }
}

/// Moves the database and its journal files to `<name>.broken-<UTC time>` beside them.
pub fn set_aside(data_dir: &Path) -> std::io::Result<PathBuf> {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let kept = data_dir.join(format!("{DATABASE_FILE}.broken-{stamp}"));
    std::fs::rename(data_dir.join(DATABASE_FILE), &kept)?;
    for suffix in ["-wal", "-shm"] {
        let side = data_dir.join(format!("{DATABASE_FILE}{suffix}"));
        if side.exists() {
            std::fs::rename(
                &side,
                data_dir.join(format!("{DATABASE_FILE}.broken-{stamp}{suffix}")),
            )?;
        }
    }
    Ok(kept)
}

/// What to do with the desk once it is open.
pub type Then<R> = Box<dyn FnOnce(&AppHandle<R>, Desk) + Send + 'static>;

/// Opens the desk of the data folder (`CACHEDESK_DATA_DIR`, else the OS's) on a thread of its
/// own and hands it to `then` there: the window paints meanwhile, saying it is starting, and
/// its commands wait for the shell ([`crate::shell::Ready`]). When the desk cannot be opened a
/// dialog over the window says why; "Start fresh" sets the damaged database aside and tries
/// again, anything else quits with [`EXIT_STORAGE`].
pub fn open_desk<R: Runtime>(
    app: &AppHandle<R>,
    options: EngineOptions,
    then: Then<R>,
) -> std::io::Result<()> {
    let app = app.clone();
    std::thread::Builder::new()
        .name("open-data".into())
        .spawn(move || open_here(&app, options, then))
        .map(drop)
}

fn open_here<R: Runtime>(app: &AppHandle<R>, options: EngineOptions, then: Then<R>) {
    let data_dir = data_dir_from(None, std::env::var_os(DATA_DIR_ENV));
    let opened = match &data_dir {
        // The keyring entries of this data folder, as the CLI reads them (issue 10).
        Some(dir) => Desk::open(dir, Door::App, options.clone()),
        None => Err(Error::storage(format!(
            "there is no home folder for CacheDesk's data: set {DATA_DIR_ENV}"
        ))),
    };
    let error = match opened {
        Ok(desk) => return then(app, desk),
        Err(e) => e,
    };
    tracing::error!(code = ?error.code(), error = %error, "CacheDesk cannot open its data");
    let failure = StartupFailure {
        error,
        data_dir: data_dir.unwrap_or_default(),
    };
    let lang = os_lang();
    let (title, body) = failure.text(lang);
    let mut dialog = app
        .dialog()
        .message(body)
        .title(title)
        .kind(MessageDialogKind::Error);
    if failure.can_start_fresh() {
        let (fresh, quit) = match lang {
            Lang::En => ("Start fresh", "Quit"),
            Lang::ZhCn => ("重新开始", "退出"),
        };
        dialog = dialog.buttons(MessageDialogButtons::OkCancelCustom(
            fresh.into(),
            quit.into(),
        ));
    }
    let app = app.clone();
    dialog.show(move |fresh| {
        if !(fresh && failure.can_start_fresh()) {
            app.exit(EXIT_STORAGE);
            return;
        }
        match set_aside(&failure.data_dir) {
            Ok(kept) => {
                tracing::warn!(kept = %kept.display(), "the damaged database was set aside")
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot set the damaged database aside");
                app.exit(EXIT_STORAGE);
                return;
            }
        }
        // The window's commands are still waiting: the fresh desk answers them.
        if let Err(e) = open_desk(&app, options, then) {
            tracing::error!(error = %e, "cannot open the data again");
            app.exit(EXIT_STORAGE);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(dir: &Path, error: Error) -> StartupFailure {
        StartupFailure {
            error,
            data_dir: dir.to_path_buf(),
        }
    }

    #[test]
    fn a_damaged_database_offers_a_fresh_start_in_both_languages() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(DATABASE_FILE), "not a database").unwrap();
        let f = failure(dir.path(), Error::storage("file is not a database"));
        assert!(f.can_start_fresh());
        let (title, body) = f.text(Lang::En);
        assert_eq!(title, "CacheDesk could not start");
        assert!(body.contains("file is not a database") && body.contains("Start fresh"));
        assert!(body.contains(&dir.path().display().to_string()));
        let (title, body) = f.text(Lang::ZhCn);
        assert_eq!(title, "CacheDesk 无法启动");
        assert!(body.contains("重新开始") && body.contains("数据目录："));
    }

    #[test]
    fn an_unwritable_folder_or_keyring_is_not_mended_by_a_fresh_start() {
        let dir = tempfile::tempdir().unwrap();
        let f = failure(dir.path(), Error::storage("cannot create the folder"));
        assert!(!f.can_start_fresh());
        assert!(f.text(Lang::En).1.contains("may write to it"));
        let f = failure(dir.path(), Error::Keyring("no Secret Service".into()));
        assert!(!f.can_start_fresh());
        assert!(f.text(Lang::ZhCn).1.contains("解锁或设置系统凭据存储"));
    }

    #[test]
    fn setting_aside_keeps_the_database_and_its_journal() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(DATABASE_FILE), "damaged").unwrap();
        std::fs::write(dir.path().join(format!("{DATABASE_FILE}-wal")), "wal").unwrap();
        let kept = set_aside(dir.path()).unwrap();
        assert!(!dir.path().join(DATABASE_FILE).exists());
        assert_eq!(std::fs::read_to_string(kept).unwrap(), "damaged");
        assert!(!dir.path().join(format!("{DATABASE_FILE}-wal")).exists());
    }
}

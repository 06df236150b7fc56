//! The data folder and the database hold the history of every job and the profiles' names and
//! addresses: on Unix they are readable by their owner only (docs/security.md). SQLite gives its
//! `-wal` and `-shm` files the mode of the database file.

use cachedesk_core::{Error, Result};
use std::path::Path;

/// Creates `dir` when needed, and makes it (and the database files already in it) private.
pub(super) fn private_dir(dir: &Path, database: &Path) -> Result<()> {
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::storage_from(format!("cannot create {}: {e}", dir.display()), e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        let private = |path: &Path, mode: u32| {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).map_err(|e| {
                Error::storage_from(format!("cannot make {} private: {e}", path.display()), e)
            })
        };
        private(dir, 0o700)?;
        // Created here, not by SQLite, so it is never readable by others, not even for a moment.
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .mode(0o600)
            .open(database)
            .map_err(|e| {
                Error::storage_from(format!("cannot open {}: {e}", database.display()), e)
            })?;
        for suffix in ["", "-wal", "-shm"] {
            let file = database.with_file_name(format!(
                "{}{suffix}",
                database.file_name().unwrap_or_default().to_string_lossy()
            ));
            if file.exists() {
                private(&file, 0o600)?;
            }
        }
    }
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use crate::store::{Store, DATABASE_FILE};
    use std::os::unix::fs::PermissionsExt;
    use std::path::Path;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn the_data_folder_and_the_database_files_are_the_owners_only() {
        let root = tempfile::tempdir().unwrap();
        let fresh = root.path().join("new/data");
        let store = Store::open(&fresh).unwrap();
        store
            .with(|c| c.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);"))
            .unwrap();
        assert_eq!(mode(&fresh), 0o700);
        for file in [
            DATABASE_FILE,
            "cachedesk.sqlite3-wal",
            "cachedesk.sqlite3-shm",
        ] {
            assert_eq!(mode(&fresh.join(file)), 0o600, "{file}");
        }
        drop(store);

        // A folder made by an earlier version, open to everyone, is closed on the next open.
        let old = root.path().join("old");
        std::fs::create_dir(&old).unwrap();
        std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o755)).unwrap();
        drop(Store::open(&old).unwrap());
        std::fs::set_permissions(
            old.join(DATABASE_FILE),
            std::fs::Permissions::from_mode(0o644),
        )
        .unwrap();
        drop(Store::open(&old).unwrap());
        assert_eq!(mode(&old), 0o700);
        assert_eq!(mode(&old.join(DATABASE_FILE)), 0o600);
    }
}

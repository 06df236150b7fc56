//! Site profiles, soft-deleted so the jobs they own stay readable.

use super::{parse_column, Store};
use crate::model::{Profile, ProfileDraft, ProfileId};
use cachedesk_core::{said, Error, Result};
use chrono::Utc;
use rusqlite::{params, OptionalExtension, Row};

const COLUMNS: &str = "id, name, vendor, endpoint, site, domains, batch_size, concurrency, \
                       created_at, updated_at, deleted_at, uuid, legacy_key";

fn read(row: &Row<'_>) -> rusqlite::Result<Profile> {
    let domains: String = row.get(5)?;
    Ok(Profile {
        id: ProfileId(row.get(0)?),
        name: row.get(1)?,
        vendor: parse_column(row, 2)?,
        endpoint: row.get(3)?,
        site: row.get(4)?,
        domains: serde_json::from_str(&domains).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(5, rusqlite::types::Type::Text, e.into())
        })?,
        batch_size: row.get(6)?,
        concurrency: row.get(7)?,
        created_at: row.get(8)?,
        updated_at: row.get(9)?,
        deleted_at: row.get(10)?,
        uuid: row.get(11)?,
        legacy_key: row.get(12)?,
    })
}

fn check(draft: &ProfileDraft) -> Result<()> {
    if draft.name.trim().is_empty() {
        return Err(Error::InvalidInput(said!(
            "a profile needs a name",
            "请为配置起个名字"
        )));
    }
    if draft.batch_size == Some(0) || draft.concurrency == Some(0) {
        return Err(Error::InvalidInput(said!(
            "batch size and concurrency must be at least 1",
            "每次请求的 URL 数和并发数都至少为 1"
        )));
    }
    Ok(())
}

/// Runs an insert or update of a profile row: `Ok(None)` when the unique index on live names
/// refused it (told by SQLite's error code, never by its message text).
fn unless_name_taken<T>(result: rusqlite::Result<T>) -> rusqlite::Result<Option<T>> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE =>
        {
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

fn name_taken(name: &str) -> Error {
    Error::ProfileNameTaken(name.trim().to_owned())
}

impl Store {
    pub fn create_profile(&self, draft: &ProfileDraft) -> Result<Profile> {
        check(draft)?;
        let now = Utc::now();
        let domains =
            serde_json::to_string(&draft.domains).map_err(|e| Error::Internal(e.to_string()))?;
        let id = self
            .write(|tx| {
                let inserted = tx.execute(
                    "INSERT INTO profiles (name, vendor, endpoint, site, domains, batch_size, \
                     concurrency, created_at, updated_at, uuid) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)",
                    params![
                        draft.name.trim(),
                        draft.vendor.slug(),
                        draft.endpoint,
                        draft.site,
                        domains,
                        draft.batch_size_kept(),
                        draft.concurrency,
                        now,
                        uuid::Uuid::new_v4().to_string()
                    ],
                );
                unless_name_taken(inserted.map(|_| tx.last_insert_rowid()))
            })?
            .ok_or_else(|| name_taken(&draft.name))?;
        self.profile(ProfileId(id))
    }

    pub fn update_profile(&self, id: ProfileId, draft: &ProfileDraft) -> Result<Profile> {
        check(draft)?;
        let domains =
            serde_json::to_string(&draft.domains).map_err(|e| Error::Internal(e.to_string()))?;
        let changed = self
            .write(|tx| {
                unless_name_taken(tx.execute(
                    "UPDATE profiles SET name = ?2, vendor = ?3, endpoint = ?4, site = ?5, \
                     domains = ?6, batch_size = ?7, concurrency = ?8, updated_at = ?9 \
                     WHERE id = ?1 AND deleted_at IS NULL",
                    params![
                        id.0,
                        draft.name.trim(),
                        draft.vendor.slug(),
                        draft.endpoint,
                        draft.site,
                        domains,
                        draft.batch_size_kept(),
                        draft.concurrency,
                        Utc::now()
                    ],
                ))
            })?
            .ok_or_else(|| name_taken(&draft.name))?;
        if changed == 0 {
            return Err(Error::NotFound(format!("profile {id}")));
        }
        self.profile(id)
    }

    pub fn delete_profile(&self, id: ProfileId) -> Result<()> {
        let changed = self.write(|tx| {
            tx.execute(
                "UPDATE profiles SET deleted_at = ?2 WHERE id = ?1 AND deleted_at IS NULL",
                params![id.0, Utc::now()],
            )
        })?;
        if changed == 0 {
            return Err(Error::NotFound(format!("profile {id}")));
        }
        Ok(())
    }

    /// A profile by id, deleted or not.
    pub fn profile(&self, id: ProfileId) -> Result<Profile> {
        self.with(|c| {
            c.query_row(
                &format!("SELECT {COLUMNS} FROM profiles WHERE id = ?1"),
                [id.0],
                read,
            )
            .optional()
        })?
        .ok_or_else(|| Error::NotFound(format!("profile {id}")))
    }

    /// A live profile by name.
    pub fn profile_named(&self, name: &str) -> Result<Profile> {
        self.with(|c| {
            c.query_row(
                &format!("SELECT {COLUMNS} FROM profiles WHERE name = ?1 AND deleted_at IS NULL"),
                [name.trim()],
                read,
            )
            .optional()
        })?
        .ok_or_else(|| Error::NotFound(format!("profile '{name}'")))
    }

    /// Live profiles, by name.
    pub fn profiles(&self) -> Result<Vec<Profile>> {
        self.with(|c| {
            let mut stmt = c.prepare(&format!(
                "SELECT {COLUMNS} FROM profiles WHERE deleted_at IS NULL ORDER BY name"
            ))?;
            let rows = stmt.query_map([], read)?;
            rows.collect()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cachedesk_core::{ErrorCode, Vendor};

    fn draft(name: &str) -> ProfileDraft {
        ProfileDraft {
            name: name.into(),
            vendor: Vendor::Baishan,
            endpoint: None,
            site: None,
            domains: vec![],
            batch_size: None,
            concurrency: None,
        }
    }

    #[test]
    fn a_live_name_is_taken_once_and_free_again_after_delete() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let first = store.create_profile(&draft("site")).unwrap();
        let e = store.create_profile(&draft(" site ")).unwrap_err();
        assert_eq!(e, Error::ProfileNameTaken("site".into()));
        assert_eq!(e.code(), ErrorCode::AlreadyExists);
        let other = store.create_profile(&draft("other")).unwrap();
        let e = store.update_profile(other.id, &draft("site")).unwrap_err();
        assert_eq!(e, Error::ProfileNameTaken("site".into()));
        store.delete_profile(first.id).unwrap();
        let again = store.create_profile(&draft("site")).unwrap();
        assert_ne!(again.uuid, first.uuid);
    }
}

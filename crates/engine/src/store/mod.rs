//! The local database: one SQLite file in WAL mode shared by the app and the CLI.

mod batches;
mod edge;
mod history;
mod journal;
mod private;
mod profiles;
mod schema;
mod text_index;
mod wal_sync;

pub(crate) use journal::{BatchRow, JobRow, NewJob, ResultUpdate, Verdict};

use cachedesk_core::{Error, Result};
use rusqlite::Connection;
use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

/// The database file inside the data directory.
pub const DATABASE_FILE: &str = "cachedesk.sqlite3";

/// How long a writer waits for another process (app or CLI) to finish its transaction.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// WAL pages between automatic checkpoints (about 40 MB), instead of SQLite's 1,000. A
/// checkpoint runs, with its fsyncs, inside the commit that crosses the mark and holds every
/// other batch's journal step behind it: at 1,000 pages a 20,000-URL job checkpointed several
/// times while sending (its sends ~5% slower). Committed steps are durable either way.
const WAL_CHECKPOINT_PAGES: u32 = 10_000;

/// Prepared statements kept per connection.
const STATEMENT_CACHE: usize = 64;

pub(crate) struct Store {
    conn: Mutex<Connection>,
    wal: wal_sync::WalSync,
}

impl Store {
    /// Opens (creating when needed) the database in `data_dir` and brings its schema up to date.
    pub fn open(data_dir: &Path) -> Result<Store> {
        let database = data_dir.join(DATABASE_FILE);
        private::private_dir(data_dir, &database)?;
        let mut conn = Connection::open(&database).storage()?;
        conn.busy_timeout(BUSY_TIMEOUT).storage()?;
        conn.pragma_update(None, "journal_mode", "WAL").storage()?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .storage()?;
        conn.pragma_update(None, "foreign_keys", "ON").storage()?;
        conn.pragma_update(None, "wal_autocheckpoint", WAL_CHECKPOINT_PAGES)
            .storage()?;
        // Room for every statement a batch's journal steps run (the default 16 is too few).
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        schema::migrations()
            .to_latest(&mut conn)
            .map_err(|e| Error::Storage(format!("cannot migrate the database: {e}")))?;
        Ok(Store {
            conn: Mutex::new(conn),
            wal: wal_sync::WalSync::new(&database),
        })
    }

    /// Runs `f` with the connection. Keep `f` short: every job of this process shares it.
    fn with<T>(&self, f: impl FnOnce(&mut Connection) -> rusqlite::Result<T>) -> Result<T> {
        let mut conn = self
            .conn
            .lock()
            .map_err(|_| Error::Internal("database connection lock poisoned".into()))?;
        f(&mut conn).storage()
    }

    /// Runs `f` in one immediate transaction (taking the write lock up front, so a busy
    /// database makes us wait instead of failing half-way).
    fn write<T>(
        &self,
        f: impl FnOnce(&rusqlite::Transaction<'_>) -> rusqlite::Result<T>,
    ) -> Result<T> {
        self.with(|conn| transact(conn, f))
    }

    /// `write`, on disk when it returns. In WAL mode with `synchronous=NORMAL` (every other
    /// write) a power loss can roll a commit back; a step that must survive one (a batch
    /// marked as on the wire before its request leaves) waits for the WAL file's sync, shared
    /// by every step committed before it (a group commit: one fsync of ~5 ms per round of
    /// sends, not one per batch with the connection held, which serialised 200 batches behind
    /// a second of fsyncs).
    fn write_durable<T>(
        &self,
        f: impl FnOnce(&rusqlite::Transaction<'_>) -> rusqlite::Result<T>,
    ) -> Result<T> {
        let (out, step) = self.with(|conn| {
            let out = transact(conn, f)?;
            Ok((out, self.wal.committed()))
        })?;
        self.wal.sync(step)?;
        Ok(out)
    }
}

fn transact<T>(
    conn: &mut Connection,
    f: impl FnOnce(&rusqlite::Transaction<'_>) -> rusqlite::Result<T>,
) -> rusqlite::Result<T> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let out = f(&tx)?;
    tx.commit()?;
    Ok(out)
}

/// Turns a database error into the product's error.
pub(crate) trait StorageResult<T> {
    fn storage(self) -> Result<T>;
}

impl<T> StorageResult<T> for rusqlite::Result<T> {
    fn storage(self) -> Result<T> {
        self.map_err(|e| Error::Storage(e.to_string()))
    }
}

/// Reads a slug column (state, vendor, action) into its enum.
pub(crate) fn parse_column<T: std::str::FromStr<Err = String>>(
    row: &rusqlite::Row<'_>,
    idx: usize,
) -> rusqlite::Result<T> {
    let text: String = row.get(idx)?;
    text.parse().map_err(|e: String| {
        rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, e.into())
    })
}

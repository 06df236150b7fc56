//! The local database: one SQLite file in WAL mode shared by the app and the CLI.

mod batches;
mod counts;
mod edge;
mod history;
mod journal;
mod new_job;
mod private;
mod profiles;
mod schema;
mod text_index;
mod wal_sync;

pub(crate) use journal::{BatchRow, JobRow, ResultUpdate, Verdict};
pub(crate) use new_job::NewJob;

use crate::lock::{lock_error, lock_file};
use cachedesk_core::{Error, Result};
use rusqlite::{Connection, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

/// The database file inside the data directory.
pub const DATABASE_FILE: &str = "cachedesk.sqlite3";

/// How long a writer waits for another process (app or CLI) to finish its transaction.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// How often a waiting writer tries again. SQLite's own handler backs off to a try every 100 ms
/// and so kept missing the moments between the transactions of a large job being journaled
/// (one waited 3.9 s, measured, for transactions of 0.15 s).
const BUSY_RETRY: Duration = Duration::from_millis(2);

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
    data_dir: PathBuf,
}

impl Store {
    /// Opens (creating when needed) the database in `data_dir`, brings its schema up to date
    /// and removes the jobs a stopped program left half-written.
    pub fn open(data_dir: &Path) -> Result<Store> {
        let database = data_dir.join(DATABASE_FILE);
        private::private_dir(data_dir, &database)?;
        let conn = {
            // One program at a time: two migrating a new database at once both read version 0
            // and both create the tables (the app and the CLI started together; one failed with
            // "table profiles already exists").
            let (setup, path) = lock_file(data_dir, "database-setup.lock")?;
            setup.lock().map_err(|e| lock_error(&path, e))?;
            connect(&database)?
        };
        let store = Store {
            conn: Mutex::new(conn),
            wal: wal_sync::WalSync::new(&database),
            data_dir: data_dir.to_owned(),
        };
        store.remove_abandoned_jobs()?;
        Ok(store)
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

const MMAP_BYTES: i64 = 1 << 30;

/// A connection to `database` set up for the journal, its schema up to date.
fn connect(database: &Path) -> Result<Connection> {
    let mut conn = Connection::open(database).storage()?;
    conn.busy_handler(Some(wait_while_busy)).storage()?;
    conn.pragma_update(None, "journal_mode", "WAL").storage()?;
    conn.pragma_update(None, "synchronous", "NORMAL")
        .storage()?;
    conn.pragma_update(None, "foreign_keys", "ON").storage()?;
    // Reads through a memory map instead of copying each page: a text search that visits
    // 200,000 URLs spent a third of its time in the kernel copying pages.
    conn.pragma_update(None, "mmap_size", MMAP_BYTES)
        .storage()?;
    conn.pragma_update(None, "wal_autocheckpoint", WAL_CHECKPOINT_PAGES)
        .storage()?;
    // Statement journals and sorts in memory: on disk, a 20,000-URL job made about 200
    // temporary files, each created, written and unlinked inside a journal step.
    conn.pragma_update(None, "temp_store", "MEMORY").storage()?;
    // Room for every statement a batch's journal steps run (the default 16 is too few).
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    // A migration takes the write lock before reading anything: a deferred one that read the
    // schema while a program of an older version wrote would fail instead of waiting.
    conn.set_transaction_behavior(TransactionBehavior::Immediate);
    schema::migrations()
        .to_latest(&mut conn)
        .map_err(|e| Error::storage_from(format!("cannot migrate the database: {e}"), e))?;
    Ok(conn)
}

/// SQLite's busy handler: `tries` is how many times it ran for this wait.
fn wait_while_busy(tries: i32) -> bool {
    let waited = BUSY_RETRY * u32::try_from(tries).unwrap_or(u32::MAX);
    if waited >= BUSY_TIMEOUT {
        return false;
    }
    std::thread::sleep(BUSY_RETRY);
    true
}

fn transact<T>(
    conn: &mut Connection,
    f: impl FnOnce(&rusqlite::Transaction<'_>) -> rusqlite::Result<T>,
) -> rusqlite::Result<T> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
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
        self.map_err(|e| Error::storage_from(e.to_string(), e))
    }
}

/// A time as rusqlite stores `DateTime<Utc>`, so text comparison orders it; formatted once for
/// a statement run many times.
pub(crate) fn sql_time(t: chrono::DateTime<chrono::Utc>) -> rusqlite::types::Value {
    rusqlite::types::Value::Text(t.format("%F %T%.f%:z").to_string())
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

/// [`parse_column`] of a column that may be NULL.
pub(crate) fn optional_column<T: std::str::FromStr<Err = String>>(
    row: &rusqlite::Row<'_>,
    idx: usize,
) -> rusqlite::Result<Option<T>> {
    match row.get_ref(idx)? {
        rusqlite::types::ValueRef::Null => Ok(None),
        _ => parse_column(row, idx).map(Some),
    }
}

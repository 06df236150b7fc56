//! Group commit of durable steps: each commits in WAL mode with `synchronous=NORMAL` (no fsync
//! with the connection held), then waits until the WAL file has been synced after its commit.
//! One sync covers every step committed before it, so concurrent sends share one.
//!
//! Safe because a commit is durable once its WAL frames are on disk: a checkpoint in between
//! syncs the WAL before copying it into the database file and syncs that file after, so a
//! commit checkpointed (and its frames overwritten by a restarted WAL) is on disk already.

use cachedesk_core::{Error, Result};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

pub(super) struct WalSync {
    wal: PathBuf,
    /// Durable steps committed so far, counted with the connection held right after the commit.
    committed: AtomicU64,
    /// The count of steps known on disk; held while syncing, so waiters queue behind one sync.
    synced: Mutex<u64>,
}

impl WalSync {
    pub fn new(database: &Path) -> WalSync {
        let mut wal = database.as_os_str().to_owned();
        wal.push("-wal");
        WalSync {
            wal: PathBuf::from(wal),
            committed: AtomicU64::new(0),
            synced: Mutex::new(0),
        }
    }

    /// Counts a durable step just committed; the number to hand to [`WalSync::sync`].
    pub fn committed(&self) -> u64 {
        self.committed.fetch_add(1, Ordering::SeqCst) + 1
    }

    /// Returns once step `step` is on disk.
    pub fn sync(&self, step: u64) -> Result<()> {
        let mut synced = self
            .synced
            .lock()
            .map_err(|_| Error::Internal("WAL sync lock poisoned".into()))?;
        if *synced >= step {
            return Ok(());
        }
        // Every step counted by now was committed before this sync starts.
        let upto = self.committed.load(Ordering::SeqCst);
        std::fs::OpenOptions::new()
            .write(true)
            .open(&self.wal)
            .and_then(|file| file.sync_data())
            .map_err(|e| {
                Error::storage_from(format!("cannot sync {}: {e}", self.wal.display()), e)
            })?;
        *synced = upto;
        Ok(())
    }
}

//! One runner per job across processes: a lock file per job, released by the OS when the
//! holder exits or crashes, so a killed run never blocks `resume`.

use crate::model::JobId;
use cachedesk_core::{Error, Result};
use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

/// Held while a job runs; dropping it lets another runner take the job.
#[derive(Debug)]
pub(crate) struct JobLock {
    _file: File,
}

impl JobLock {
    /// Takes the job's lock, or `None` when another runner (here or in another process) has it.
    pub fn try_acquire(data_dir: &Path, job: JobId) -> Result<Option<JobLock>> {
        let (file, path) = lock_file(data_dir, &format!("job-{job}.lock"))?;
        match file.try_lock() {
            Ok(()) => Ok(Some(JobLock { _file: file })),
            Err(TryLockError::WouldBlock) => Ok(None),
            Err(TryLockError::Error(e)) => Err(lock_error(&path, e)),
        }
    }
}

/// Lock file `name` in the data folder's `locks` folder, created when needed (not locked yet).
pub(crate) fn lock_file(data_dir: &Path, name: &str) -> Result<(File, PathBuf)> {
    let dir = data_dir.join("locks");
    std::fs::create_dir_all(&dir).map_err(|e| lock_error(&dir, e))?;
    let path = dir.join(name);
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| lock_error(&path, e))?;
    Ok((file, path))
}

pub(crate) fn lock_error(path: &Path, e: std::io::Error) -> Error {
    Error::storage_from(format!("lock {}: {e}", path.display()), e)
}

//! One runner per job across processes: a lock file per job, released by the OS when the
//! holder exits or crashes, so a killed run never blocks `resume`.

use crate::model::JobId;
use cachedesk_core::{Error, Result};
use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;

/// Held while a job runs; dropping it lets another runner take the job.
#[derive(Debug)]
pub(crate) struct JobLock {
    _file: File,
}

impl JobLock {
    /// Takes the job's lock, or `None` when another runner (here or in another process) has it.
    pub fn try_acquire(data_dir: &Path, job: JobId) -> Result<Option<JobLock>> {
        let dir = data_dir.join("locks");
        let storage =
            |e: std::io::Error| Error::Storage(format!("job lock in {}: {e}", dir.display()));
        std::fs::create_dir_all(&dir).map_err(storage)?;
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(dir.join(format!("job-{job}.lock")))
            .map_err(storage)?;
        match file.try_lock() {
            Ok(()) => Ok(Some(JobLock { _file: file })),
            Err(TryLockError::WouldBlock) => Ok(None),
            Err(TryLockError::Error(e)) => Err(storage(e)),
        }
    }
}

//! What each front door does first: a process that holds account keys leaves no core dump
//! (a dump file keeps its memory, keys included, on the disk for anyone who reads it later).

use cachedesk_core::{Error, Result};

/// Turns core dumps of this process off where the OS allows (Unix: `RLIMIT_CORE` 0, which
/// the kernel and systemd-coredump honour). Call before any secret is read.
pub fn no_core_dumps() -> Result<()> {
    #[cfg(unix)]
    rlimit::setrlimit(rlimit::Resource::CORE, 0, 0)
        .map_err(|e| Error::Internal(format!("cannot turn core dumps off: {e}")))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[cfg(target_os = "linux")]
    #[test]
    fn after_it_the_kernel_writes_no_core_file() {
        super::no_core_dumps().unwrap();
        assert_eq!(rlimit::getrlimit(rlimit::Resource::CORE).unwrap(), (0, 0));
    }
}

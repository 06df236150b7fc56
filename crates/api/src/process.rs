//! What each front door does first: a process that holds account keys leaves no core dump
//! (a dump file keeps its memory, keys included, on the disk for anyone who reads it later)
//! and, on Linux, cannot be attached to by another program of the same user.

use cachedesk_core::{Error, Result};

/// Turns core dumps of this process off where the OS allows (Unix: `RLIMIT_CORE` 0, which
/// the kernel and systemd-coredump honour) and, on Linux, marks it not dumpable: no core
/// file whatever the limit, and no `ptrace` or `/proc/PID/mem` read by an unprivileged
/// program of the same user. Call before any secret is read.
pub fn no_core_dumps() -> Result<()> {
    let failed =
        |e: &dyn std::fmt::Display| Error::Internal(format!("cannot turn core dumps off: {e}"));
    #[cfg(unix)]
    rlimit::setrlimit(rlimit::Resource::CORE, 0, 0).map_err(|e| failed(&e))?;
    #[cfg(target_os = "linux")]
    rustix::process::set_dumpable_behavior(rustix::process::DumpableBehavior::NotDumpable)
        .map_err(|e| failed(&e))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[cfg(target_os = "linux")]
    #[test]
    fn after_it_the_kernel_writes_no_core_file_and_refuses_to_attach() {
        use rustix::process::{dumpable_behavior, DumpableBehavior};
        super::no_core_dumps().unwrap();
        assert_eq!(rlimit::getrlimit(rlimit::Resource::CORE).unwrap(), (0, 0));
        assert_eq!(dumpable_behavior().unwrap(), DumpableBehavior::NotDumpable);
    }
}

//! Living on an editor's desktop (issue 15): the log file, crash reports, the dialog when
//! CacheDesk cannot start, "Copy diagnostics" and updates.

pub mod crash;
pub mod diagnostics;
pub mod logging;
pub mod startup;
pub mod update;

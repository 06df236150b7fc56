//! The desktop support tests (issue 15) in one binary (each file under tests/ would be its own
//! link of the whole app): the updater against a loopback feed, and the real window's dialogs
//! under Xvfb.

mod desktop;
mod updates;

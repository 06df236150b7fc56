//! The desktop crate's integration tests in one binary (each file under tests/ would be its own
//! link of the whole app): the committed TypeScript bindings, the updater against a loopback
//! feed, and the real window's dialogs under Xvfb. A new test file goes here with its `mod`.

mod bindings;
mod desktop;
mod updates;

//! The command's integration tests, in one binary (every file under tests/ would be its own, and
//! on two cores each link counts): a new test file goes here, with its `mod` line below.

mod chinese;
mod common;
mod crash;
mod edge;
mod hardening;
mod hostile;
mod json_docs;
mod keyring;
mod kills;
mod logs;
mod profiles;
mod records;
mod secrets;
mod shared_database;
mod sim;
mod submit;

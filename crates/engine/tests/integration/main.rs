//! The engine's integration tests, in one binary (every file under tests/ would be its own, and
//! on two cores each link counts): a new test file goes here, with its `mod` line below.

mod common;
mod crash_properties;
mod edge;
mod faults;
mod history;
mod honesty;
mod journal;
mod large_jobs;
mod limits;
mod outcomes;
mod resume;
mod search;
mod upgrade;
mod vendors;

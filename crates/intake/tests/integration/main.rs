//! The crate's integration tests, in one binary (every file under tests/ would be its own, and
//! on two cores each link counts): a new test file goes here, with its `mod` line below.

mod formats;
mod fuzz_corpus;
mod hostile;
mod progress;
mod properties;
mod robustness;

//! The crate's integration tests, in one binary (every file under tests/ would be its own, and
//! on two cores each link counts): a new test file goes here, with its `mod` line below.

mod fuzz_corpus;
mod sdk_vectors;

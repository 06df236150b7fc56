//! The crate's integration tests, in one binary (every file under tests/ would be its own, and
//! on two cores each link counts): a new test file goes here, with its `mod` line below.

mod baidu_cdn;
mod baidu_geo;
mod baishan;
mod common;
mod errors;
mod fuzz_corpus;
mod history;
mod sim;

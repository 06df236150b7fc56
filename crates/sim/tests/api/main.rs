//! The simulator over real HTTP on 127.0.0.1 (one per test), its binary, and the real vendor
//! clients against it. One test binary for the crate: a new test file goes here, with its `mod`.

mod baidu_cdn;
mod baidu_geo;
mod baishan;
mod baishan_grades;
mod bce_auth;
mod binary;
mod clients;
mod common;
mod date;
mod faults;
mod listings;
mod quirks;
mod seed_limits;
mod submit_faults;
mod windows;

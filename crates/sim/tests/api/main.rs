//! The simulator over real HTTP on 127.0.0.1, one simulator per test.

mod baidu_cdn;
mod baidu_geo;
mod baishan;
mod baishan_grades;
mod bce_auth;
mod common;
mod date;
mod faults;
mod listings;
mod quirks;
mod seed_limits;
mod submit_faults;
mod windows;

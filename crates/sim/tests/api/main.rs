//! The simulator over real HTTP on 127.0.0.1, one simulator per test.

mod baidu_cdn;
mod baidu_geo;
mod baishan;
mod bce_auth;
mod common;
mod faults;

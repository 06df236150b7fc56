#![no_main]
//! See `cachedesk_bce_auth::fuzzing::canonical` for the input layout and what is checked.

libfuzzer_sys::fuzz_target!(|data: &[u8]| cachedesk_bce_auth::fuzzing::canonical(data));

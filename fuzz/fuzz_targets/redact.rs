#![no_main]
//! See `cachedesk_vendors::fuzzing::redact` for the input layout and what is checked.

libfuzzer_sys::fuzz_target!(|data: &[u8]| cachedesk_vendors::fuzzing::redact(data));

#![no_main]
//! See `cachedesk_intake::fuzzing::intake` for the input layout and what is checked.

libfuzzer_sys::fuzz_target!(
    // The intake turns a panic of the spreadsheet reader into an error (`catch_unwind`);
    // libFuzzer's hook would abort first. Any other panic still reaches libFuzzer's own
    // `catch_unwind` and aborts there, with its message printed here.
    init: std::panic::set_hook(Box::new(|info| {
        if !info.location().is_some_and(|l| l.file().contains("calamine")) {
            eprintln!("{info}");
        }
    })),
    |data: &[u8]| cachedesk_intake::fuzzing::intake(data)
);

//! The entry point of the `intake` fuzz target in `fuzz/` and of the corpus replay in
//! `tests/integration/fuzz_corpus.rs`. Not an API: hidden and unstable.

use crate::{apply_fixes, check, read_source, url_identity, Rules, MAX_LINE_CHARS};
use cachedesk_core::Action;
use foldhash::HashSet;

const NAMES: [Option<&str>; 8] = [
    None,
    Some("urls.txt"),
    Some("urls.csv"),
    Some("urls.tsv"),
    Some("urls.xlsx"),
    Some("urls.xls"),
    Some("urls.ods"),
    Some("urls.xlsb"),
];

/// Byte 0 picks the file name (format), the action and the profile's domains; the rest is the
/// file. Panics when the report breaks what the engine relies on: every line in exactly one
/// state, accepted URLs unique, parseable, within the length limit, and normalised for good
/// (read again, they come out the same).
pub fn intake(data: &[u8]) {
    let [shape, bytes @ ..] = data else {
        return;
    };
    let name = NAMES[usize::from(shape & 7)];
    let action = match (shape >> 3) % 3 {
        0 => Action::PurgeFiles,
        1 => Action::PurgeDirectories,
        _ => Action::Prefetch,
    };
    let mut rules = Rules::new(action);
    if shape & 0x80 != 0 {
        rules = rules.with_domains(["example.com", "*.例子.测试", ".cdn.example.net"]);
    }
    let Ok(source) = read_source(bytes, name) else {
        return;
    };
    for line in &source.lines {
        assert!(line.text.chars().count() <= MAX_LINE_CHARS + 1);
    }
    let report = check(&source.lines, &rules);
    let counts = report.accepted.len()
        + report.duplicates.len()
        + report.rejected.len()
        + report.skipped_blank as usize
        + report.skipped_comments as usize;
    assert_eq!(
        counts,
        source.lines.len(),
        "every line in exactly one state"
    );
    let mut seen = HashSet::default();
    for accepted in &report.accepted {
        assert!(accepted.url.len() <= rules.max_url_len);
        assert!(url::Url::parse(&accepted.url).is_ok(), "{:?}", accepted.url);
        assert!(seen.insert(accepted.url.as_str()), "{:?}", accepted.url);
        let _ = url_identity(&accepted.url);
    }
    let fixed = apply_fixes(&source.lines, &report);
    let _ = check(&fixed, &rules);

    let again: Vec<_> = report
        .accepted
        .iter()
        .map(|a| crate::SourceLine {
            number: a.line,
            text: a.url.clone(),
            origin: None,
        })
        .collect();
    let second = check(&again, &rules);
    let first_urls: Vec<&str> = report.urls().collect();
    let second_urls: Vec<&str> = second.urls().collect();
    assert_eq!(first_urls, second_urls, "normalising twice changes a URL");
}

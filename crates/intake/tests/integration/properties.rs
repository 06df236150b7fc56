//! Properties over generated input: every line ends in exactly one state, and normalising a
//! normalised URL changes nothing.

use cachedesk_core::Action;
use cachedesk_intake::{check, Rules, SourceLine};
use proptest::prelude::*;
use std::collections::HashSet;

fn any_action() -> impl Strategy<Value = Action> {
    prop_oneof![
        Just(Action::PurgeFiles),
        Just(Action::PurgeDirectories),
        Just(Action::Prefetch)
    ]
}

/// Lines shaped like real input, plus arbitrary text.
fn line_text() -> impl Strategy<Value = String> {
    let host = prop_oneof![
        Just("a.example.com".to_owned()),
        Just("IMG.Example.COM".to_owned()),
        Just("例子.测试".to_owned()),
        Just("other.org".to_owned()),
        "[a-z]{1,8}\\.[a-z]{2,3}",
    ];
    let segment = prop_oneof![
        "[a-zA-Z0-9._~-]{0,8}",
        "[图片新闻 ]{1,4}",
        "%[0-9A-Fa-f]{2}",
        "%[g-z]?",
        "[*?#&= ]{1,2}"
    ];
    let url = (
        prop_oneof![
            Just("https://"),
            Just("http://"),
            Just("HTTP://"),
            Just("ftp://"),
            Just("https：//"),
            Just("")
        ],
        host,
        proptest::collection::vec(segment, 0..4),
        proptest::option::of("[a-z0-9=&图 %]{0,10}"),
        any::<bool>(),
    )
        .prop_map(|(scheme, host, segments, query, slash)| {
            let mut s = format!("{scheme}{host}/{}", segments.join("/"));
            if slash {
                s.push('/');
            }
            if let Some(q) = query {
                s.push('?');
                s.push_str(&q);
            }
            s
        });
    prop_oneof![
        6 => url,
        1 => Just(String::new()),
        1 => Just("  # comment".to_owned()),
        1 => any::<String>(),
    ]
}

fn numbered(texts: Vec<String>) -> Vec<SourceLine> {
    texts
        .into_iter()
        .enumerate()
        .map(|(i, text)| SourceLine {
            number: i as u32 + 1,
            text,
            origin: None,
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn every_line_ends_in_exactly_one_state(
        texts in proptest::collection::vec(line_text(), 0..40),
        repeat in proptest::collection::vec(any::<prop::sample::Index>(), 0..10),
        action in any_action(),
        scoped in any::<bool>(),
    ) {
        let mut texts = texts;
        if !texts.is_empty() {
            let copies: Vec<String> = repeat.iter().map(|i| texts[i.index(texts.len())].clone()).collect();
            texts.extend(copies);
        }
        let lines = numbered(texts);
        let mut rules = Rules::new(action);
        if scoped {
            rules = rules.with_domains(["*.example.com", "例子.测试"]);
        }
        let report = check(&lines, &rules);
        let counts = report.counts();
        prop_assert_eq!(counts.lines as usize, lines.len());

        // No line in two states, and as many states as lines: each line in exactly one.
        let mut taken: Vec<u32> = report.accepted.iter().map(|a| a.line)
            .chain(report.duplicates.iter().map(|d| d.line))
            .chain(report.rejected.iter().map(|r| r.line))
            .collect();
        let states = taken.len() as u32 + report.skipped_blank + report.skipped_comments;
        prop_assert_eq!(states as usize, lines.len());
        taken.sort_unstable();
        taken.dedup();
        prop_assert_eq!(taken.len() as u32 + report.skipped_blank + report.skipped_comments, states);

        let unique: HashSet<&str> = report.urls().collect();
        prop_assert_eq!(unique.len(), report.accepted.len());
        for dup in &report.duplicates {
            prop_assert!(unique.contains(dup.url.as_str()));
            prop_assert!(dup.first_line < dup.line);
        }
    }

    #[test]
    fn normalisation_is_idempotent(texts in proptest::collection::vec(line_text(), 1..20), action in any_action()) {
        let rules = Rules::new(action);
        let first = check(&numbered(texts), &rules);
        let again = check(&numbered(first.urls().map(str::to_owned).collect()), &rules);
        prop_assert!(again.rejected.is_empty(), "{:?}", again.rejected);
        prop_assert!(again.duplicates.is_empty());
        prop_assert_eq!(again.urls().collect::<Vec<_>>(), first.urls().collect::<Vec<_>>());
    }

    #[test]
    fn fixes_are_accepted_on_the_next_check(texts in proptest::collection::vec(line_text(), 1..20)) {
        let rules = Rules::new(Action::PurgeDirectories);
        let lines = numbered(texts);
        let report = check(&lines, &rules);
        let fixed = cachedesk_intake::apply_fixes(&lines, &report);
        let again = check(&fixed, &rules);
        prop_assert_eq!(again.counts().fixable, 0);
        prop_assert_eq!(again.rejected.len(), report.rejected.len() - report.counts().fixable as usize);
    }
}

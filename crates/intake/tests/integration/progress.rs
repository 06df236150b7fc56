//! A long check says how far it has come, no more often than a window can show, and always ends
//! with every line done; the report is the one `check` gives.

use cachedesk_core::Action;
use cachedesk_intake::{check, check_with_progress, read_source, Progress, Rules};
use std::time::{Duration, Instant};

fn lines(count: usize) -> Vec<cachedesk_intake::SourceLine> {
    let text: String = (0..count)
        .map(|i| match i % 4 {
            0 => format!("https://img.example.com/图片/{i}.png\n"),
            1 => format!("https://例子.测试/{}.html\n", i - 1),
            2 => format!("www.example.com/{i}\n"),
            _ => "https://img.example.com/图片/0.png\n".to_owned(),
        })
        .collect();
    read_source(text.as_bytes(), None).unwrap().lines
}

#[test]
fn progress_arrives_in_order_at_most_every_100_ms_and_ends_at_the_total() {
    let lines = lines(200_000);
    let rules = Rules::new(Action::PurgeFiles).with_domains(["*.example.com", "例子.测试"]);
    let mut seen: Vec<(Progress, Instant)> = Vec::new();
    let start = Instant::now();
    let report = check_with_progress(&lines, &rules, &mut |p| seen.push((p, Instant::now())));
    let took = start.elapsed();

    let (last, _) = seen.last().expect("at least the end");
    assert_eq!(
        *last,
        Progress {
            done: 200_000,
            total: 200_000
        }
    );
    let done: Vec<usize> = seen.iter().map(|(p, _)| p.done).collect();
    assert!(done.windows(2).all(|w| w[0] < w[1]), "{done:?}");
    assert!(seen.iter().all(|(p, _)| p.total == 200_000));
    let before_end = &seen[..seen.len() - 1];
    let mut previous = start;
    for (progress, at) in before_end {
        assert!(
            at.duration_since(previous) >= Duration::from_millis(100),
            "{progress:?}"
        );
        previous = *at;
    }
    if took >= Duration::from_millis(300) {
        assert!(!before_end.is_empty(), "no progress in {took:?}");
    }
    assert_eq!(report, check(&lines, &rules));
}

#[test]
fn a_short_check_reports_only_its_end() {
    let lines = lines(10);
    let mut seen = Vec::new();
    check_with_progress(&lines, &Rules::new(Action::Prefetch), &mut |p| seen.push(p));
    assert_eq!(
        seen,
        [Progress {
            done: 10,
            total: 10
        }]
    );

    let mut seen = Vec::new();
    check_with_progress(&[], &Rules::new(Action::Prefetch), &mut |p| seen.push(p));
    assert_eq!(seen, [Progress { done: 0, total: 0 }]);
}

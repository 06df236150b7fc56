//! `cargo bench -p cachedesk-intake`: 100,000 mixed pasted lines through `read_source` and
//! `check`. Prints the median of several runs, and the fastest run, which is what the code
//! costs when the shared cores are busy with other work.

use cachedesk_core::Action;
use cachedesk_intake::{check, read_source, Rules};
use std::time::{Duration, Instant};

const LINES: usize = 100_000;
const RUNS: usize = 11;

/// Valid, invalid, duplicate, Chinese-path, IDN-host, blank and comment lines, mixed.
fn input() -> String {
    let mut text = String::new();
    for i in 0..LINES {
        let line = match i % 10 {
            0 => format!("https://static.example.com/assets/app.{i}.js"),
            1 => format!("https://img.example.com/图片/新闻 {i}.png"),
            2 => format!("https://例子.测试/文档/{i}.html?版本=2"),
            3 => format!("  HTTPS://IMG.Example.com/a/%E5%9B%BE{i}.jpg#top  "),
            4 => format!("https://static.example.com/assets/app.{}.js", i - 4),
            5 => format!("www.example.com/missing-scheme/{i}"),
            6 => format!("https://not-covered.org/{i}"),
            7 => format!("https://static.example.com/dir/{i}/"),
            8 => "# a comment".to_owned(),
            _ => String::new(),
        };
        text.push_str(&line);
        text.push_str("\r\n");
    }
    text
}

fn main() {
    let bytes = input().into_bytes();
    let rules = Rules::new(Action::Prefetch).with_domains(["*.example.com", "例子.测试"]);
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            let source = read_source(&bytes, None).expect("generated input is UTF-8");
            let report = check(&source.lines, &rules);
            let elapsed = start.elapsed();
            let counts = report.counts();
            assert_eq!(counts.lines as usize, LINES);
            assert_eq!(
                (counts.accepted, counts.duplicates, counts.rejected),
                (40_000, 10_000, 30_000)
            );
            elapsed
        })
        .collect();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "intake {LINES} lines: {:.1} ms (target < 100 ms)",
        ms(times[RUNS / 2])
    );
    println!("fastest of {RUNS} runs: {:.1} ms", ms(times[0]));
}

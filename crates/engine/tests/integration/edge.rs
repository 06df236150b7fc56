//! Proof at the edge against the simulator's edge node and origin, reached the way support
//! staff reach one node: `--resolve www.example.com:443:127.0.0.1:PORT`.

use crate::common::{fast_options, instant, request, start, urls, Harness};
use cachedesk_core::{Action, ErrorCode, Vendor};
use cachedesk_engine::{tally, InputUrl, JobId, JobSummary, ProbeOptions, Resolve, Verdict};
use std::time::Duration;

fn aimed_at_the_edge(h: &Harness) -> ProbeOptions {
    let edge = h.sim.edge_address();
    ProbeOptions {
        resolve: vec![format!("www.example.com:443:{edge}")
            .parse::<Resolve>()
            .unwrap()],
        timeout: Duration::from_secs(5),
        ..ProbeOptions::default()
    }
}

async fn warm(h: &Harness, lines: &[InputUrl]) {
    // Visitors had these pages before the purge: the edge holds copies of them.
    let probe = cachedesk_edge::Probe::new(aimed_at_the_edge(h)).unwrap();
    for l in lines {
        probe.check(&l.url, true, chrono::Utc::now()).await;
    }
}

/// Purges `lines` once the edge holds copies of `cached`, a minute old, and a node that will
/// miss the purge holds `stale`.
async fn purge_cached(
    h: &Harness,
    lines: &[InputUrl],
    cached: &[InputUrl],
    stale: &[InputUrl],
) -> JobSummary {
    warm(h, cached).await;
    for l in stale {
        h.sim.keep_stale(&l.url);
    }
    // Cached a minute before the purge: `Age` has whole seconds and a purge's time on the
    // vendor's clock may be a second off, so copies seconds old cannot be told apart.
    h.sim.age(Duration::from_secs(60));
    h.engine
        .submit(&request(h, Action::PurgeFiles, lines.to_vec()), &h.creds)
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_purge_the_edge_serves_fresh_copies_and_a_node_that_missed_it_is_stale() {
    let h = start(Vendor::BaiduCdn, instant(), fast_options()).await;
    let mut lines = urls(4, "edge");
    lines[3].url = "https://www.example.com/edge/no-head.js".into();
    let summary = purge_cached(&h, &lines, &lines, &lines[1..2]).await;
    let checks = h
        .engine
        .verify_job(summary.id, aimed_at_the_edge(&h))
        .await
        .unwrap();
    let verdicts: Vec<Verdict> = checks.iter().map(|c| c.checked.verdict).collect();
    assert_eq!(
        verdicts,
        [
            Verdict::Fresh,
            Verdict::Stale,
            Verdict::Fresh,
            Verdict::Fresh
        ],
        "{checks:#?}"
    );
    let counts = tally(&checks);
    assert_eq!((counts["fresh"], counts["stale"]), (3, 1));
    // Kept beside the job.
    assert_eq!(h.engine.edge_checks(summary.id).unwrap(), checks);
    // And in the CSV export, beside each line.
    assert_eq!(
        exported_verdicts(&h, summary.id),
        ["fresh", "stale", "fresh", "fresh"]
    );

    // With the origin named, the stale copy is told by its validators too.
    let with_origin = ProbeOptions {
        origin: Some(h.sim.origin_endpoint().parse().unwrap()),
        ..aimed_at_the_edge(&h)
    };
    let checks = h.engine.verify_job(summary.id, with_origin).await.unwrap();
    let verdicts: Vec<Verdict> = checks.iter().map(|c| c.checked.verdict).collect();
    assert_eq!(
        verdicts,
        [
            Verdict::MatchesOrigin,
            Verdict::Stale,
            Verdict::MatchesOrigin,
            Verdict::MatchesOrigin
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_prefetched_url_is_cached_at_the_edge() {
    let h = start(Vendor::Baishan, instant(), fast_options()).await;
    let summary = h
        .engine
        .submit(&request(&h, Action::Prefetch, urls(3, "warm")), &h.creds)
        .await
        .unwrap();
    let checks = h
        .engine
        .verify_job(summary.id, aimed_at_the_edge(&h))
        .await
        .unwrap();
    assert!(
        checks.iter().all(|c| c.checked.verdict == Verdict::Fresh),
        "{checks:#?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edge_that_never_answers_is_an_error_after_the_timeout() {
    let h = start(Vendor::BaiduCdn, instant(), fast_options()).await;
    let summary = h
        .engine
        .submit(
            &request(&h, Action::PurgeFiles, urls(1, "silent")),
            &h.creds,
        )
        .await
        .unwrap();
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = silent.local_addr().unwrap();
    let options = ProbeOptions {
        resolve: vec![format!("www.example.com:443:{address}").parse().unwrap()],
        timeout: Duration::from_millis(500),
        ..ProbeOptions::default()
    };
    let checks = h.engine.verify_job(summary.id, options).await.unwrap();
    assert_eq!(checks[0].checked.verdict, Verdict::Error);
    assert!(checks[0]
        .checked
        .error
        .as_deref()
        .unwrap()
        .contains("no answer"));
    drop(silent);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_directory_purge_is_checked_only_through_sample_urls_under_it() {
    let h = start(Vendor::BaiduCdn, instant(), fast_options()).await;
    let mut lines = urls(1, "dir");
    lines[0].url = "https://www.example.com/dir/".into();
    let mut samples = urls(2, "dir/deep");
    samples[1].url = "https://WWW.example.com:443/dir/kept.html".into();
    warm(&h, &samples[..1]).await;
    h.sim.keep_stale("https://www.example.com/dir/kept.html");
    warm(&h, &samples[1..]).await;
    h.sim.age(Duration::from_secs(60));
    let summary = h
        .engine
        .submit(&request(&h, Action::PurgeDirectories, lines), &h.creds)
        .await
        .unwrap();
    let refused = h
        .engine
        .verify_job(summary.id, ProbeOptions::default())
        .await
        .unwrap_err();
    assert!(refused.to_string().contains("sample"), "{refused}");

    let fresh = h
        .engine
        .verify_url(summary.id, &samples[0].url, aimed_at_the_edge(&h))
        .await
        .unwrap();
    assert_eq!(fresh.checked.verdict, Verdict::Fresh, "{fresh:#?}");
    assert_eq!(fresh.line, 1);
    // Written as the parser writes it (host in lower case, the default port dropped).
    let stale = h
        .engine
        .verify_url(summary.id, &samples[1].url, aimed_at_the_edge(&h))
        .await
        .unwrap();
    assert_eq!(stale.checked.url, "https://www.example.com/dir/kept.html");
    assert_eq!(stale.checked.verdict, Verdict::Stale, "{stale:#?}");
    // Kept beside the job as its directory's last check.
    assert_eq!(h.engine.edge_checks(summary.id).unwrap(), [stale]);

    for outside in [
        "https://www.example.com/directory/a.html",
        "http://www.example.com/dir/a.html",
        "https://www.example.com:8443/dir/a.html",
        "https://cdn.example.com/dir/a.html",
        "not a url",
    ] {
        let refused = h
            .engine
            .verify_url(summary.id, outside, aimed_at_the_edge(&h))
            .await
            .unwrap_err();
        assert_eq!(refused.code(), ErrorCode::InvalidInput, "{outside}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_job_lists_those_that_need_a_look_first_and_a_url_just_checked_is_seen() {
    let h = start(Vendor::BaiduCdn, instant(), fast_options()).await;
    let lines = urls(250, "many");
    let stale_lines = [10, 120, 240];
    let stale: Vec<_> = stale_lines
        .iter()
        .map(|&l| lines[l as usize - 1].clone())
        .collect();
    let summary = purge_cached(&h, &lines, &stale, &stale).await;
    let quick = ProbeOptions {
        per_host_per_second: 1000,
        ..aimed_at_the_edge(&h)
    };
    let empty = h.engine.edge_overview(summary.id, 200, None).unwrap();
    assert_eq!(
        (empty.total(), empty.checked_at, empty.items.len()),
        (0, None, 0)
    );

    let checks = h
        .engine
        .verify_job(summary.id, quick.clone())
        .await
        .unwrap();
    let overview = h.engine.edge_overview(summary.id, 200, None).unwrap();
    assert_eq!(overview.total(), 250);
    let mut counts = overview.counts.clone();
    counts.sort_by_key(|(_, n)| *n);
    assert_eq!(counts, [(Verdict::Stale, 3), (Verdict::Fresh, 247)]);
    let latest = checks.iter().map(|c| c.checked.checked_at).max();
    assert_eq!(overview.checked_at, latest);
    // The stale ones first, then the fresh ones, each in line order, 200 in all.
    let listed: Vec<u32> = overview.items.iter().map(|c| c.line).collect();
    let fine = (1..=199).filter(|l| !stale_lines.contains(l));
    let expected: Vec<u32> = stale_lines.into_iter().chain(fine).collect();
    assert_eq!(listed, expected);
    for item in &overview.items {
        assert_eq!(item, &checks[item.line as usize - 1], "as checked");
    }
    // When all fit, in line order.
    let all = h.engine.edge_overview(summary.id, 250, None).unwrap();
    assert_eq!(all.items, checks);

    // Line 250 is not listed: checked again, it comes first, the rest as before.
    let again = h
        .engine
        .verify_url(summary.id, &lines[249].url, quick.clone())
        .await
        .unwrap();
    let overview = h.engine.edge_overview(summary.id, 200, Some(250)).unwrap();
    assert_eq!(overview.items.len(), 200);
    assert_eq!(overview.items[0], again);
    assert_eq!(overview.checked_at, Some(again.checked.checked_at));
    let rest: Vec<u32> = overview.items[1..].iter().map(|c| c.line).collect();
    assert_eq!(rest, expected[..199]);
    assert_eq!(overview.total(), 250, "still one check a URL");

    // A listed URL checked again keeps its place.
    let again = h
        .engine
        .verify_url(summary.id, &lines[119].url, quick)
        .await
        .unwrap();
    let overview = h.engine.edge_overview(summary.id, 200, Some(120)).unwrap();
    let listed: Vec<u32> = overview.items.iter().map(|c| c.line).collect();
    assert_eq!(listed, expected);
    assert_eq!(overview.items[1], again);

    // The CSV export keeps every check.
    let mut exported = exported_verdicts(&h, summary.id);
    assert_eq!(exported.len(), 250);
    exported.dedup();
    assert_eq!(
        exported,
        ["fresh", "stale", "fresh", "stale", "fresh", "stale", "fresh"]
    );
}

/// The edge verdict of each line of the job's CSV export, in line order.
fn exported_verdicts(h: &Harness, job: JobId) -> Vec<String> {
    let mut csv = Vec::new();
    h.engine.export_csv(job, &mut csv).unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_slice());
    let column = reader
        .headers()
        .unwrap()
        .iter()
        .position(|c| c == "edge_verdict")
        .unwrap();
    reader
        .records()
        .map(|r| r.unwrap()[column].to_owned())
        .collect()
}

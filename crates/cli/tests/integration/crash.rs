//! `kill -9` in the middle of a job, then `cachedesk resume`: nothing sent twice, nothing lost.

use crate::common::{urls, Env};
use cachedesk_core::Vendor;
use cachedesk_sim::{Faults, Speed};
use std::collections::HashSet;
use std::time::{Duration, Instant};

const LINES: usize = 150;

#[test]
fn killed_mid_job_then_resumed() {
    let mut config = crate::common::config(Speed::Instant);
    config.faults = Faults {
        latency: Duration::from_millis(150),
        ..Faults::default()
    };
    let env = Env::with(config);
    env.add_profile(
        "cdn",
        Vendor::BaiduCdn,
        &["--batch-size", "10", "--concurrency", "1"],
    );
    let file = env.write_urls("u.txt", &urls(LINES, "crash"));

    let mut child = env.spawn(&[
        "purge",
        "-p",
        "cdn",
        "--wait",
        "--json",
        file.to_str().unwrap(),
    ]);
    let deadline = Instant::now() + Duration::from_secs(60);
    while env.sim().submitted_urls(Vendor::BaiduCdn).len() < 40 {
        assert!(Instant::now() < deadline, "the job never got going");
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let before = env.sim().submitted_urls(Vendor::BaiduCdn).len();
    assert!(before < LINES, "killed before the end ({before} sent)");

    let history = env.run(&["jobs", "--json"]).expect(0).json();
    assert_eq!(
        history["jobs"][0]["status"], "running",
        "the journal knows the job was cut off"
    );

    let resumed = env.run(&["resume", "--json"]);
    resumed.expect(0);
    let doc = resumed.json();
    let jobs = doc["jobs"].as_array().unwrap();
    assert_eq!(jobs.len(), 1);
    let states: Vec<&str> = jobs[0]["urls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, vec!["completed"; LINES], "every line final");

    let sent = env.sim().submitted_urls(Vendor::BaiduCdn);
    let unique: HashSet<&String> = sent.iter().collect();
    assert_eq!(sent.len(), LINES, "no URL sent twice");
    assert_eq!(unique.len(), LINES);

    let history = env.run(&["jobs", "--json"]).expect(0).json();
    assert_eq!(history["jobs"][0]["status"], "finished");
    assert_eq!(history["jobs"][0]["counts"]["completed"], LINES);
    let again = env.run(&["resume"]).expect(0).stdout.clone();
    assert!(again.contains("nothing to resume"), "{again}");
}

#[test]
fn lost_answers_are_reconciled_not_resent() {
    let mut config = crate::common::config(Speed::Instant);
    config.faults = Faults {
        drop_after_accept_every_nth: Some(2),
        ..Faults::default()
    };
    let env = Env::with(config);
    env.add_profile("cdn", Vendor::BaiduCdn, &["--batch-size", "5"]);
    let file = env.write_urls("u.txt", &urls(20, "lost"));
    let run = env.run(&[
        "purge",
        "-p",
        "cdn",
        "--wait",
        "--json",
        file.to_str().unwrap(),
    ]);
    run.expect(0);
    let doc = run.json();
    assert_eq!(doc["counts"]["completed"], 20);
    let batches = doc["batches"].as_array().unwrap();
    assert_eq!(
        batches.len(),
        4,
        "each batch listed, also those found by reconciliation"
    );
    assert!(batches
        .iter()
        .all(|b| b["state"] == "accepted" && b["completed"] == 5));
    let sent = env.sim().submitted_urls(Vendor::BaiduCdn);
    assert_eq!(sent.len(), 20, "no URL sent twice");
    assert_eq!(sent.iter().collect::<HashSet<_>>().len(), 20);
}

#[test]
fn killed_while_the_vendor_holds_the_answer_then_resumed_sends_once() {
    // The vendor has handled the submit; its answer is still on the way when the CLI dies.
    let mut config = crate::common::config(Speed::Instant);
    config.faults = Faults {
        hold_answer: Some(Duration::from_secs(120)),
        ..Faults::default()
    };
    let env = Env::with(config);
    env.add_profile("cdn", Vendor::BaiduCdn, &[]);
    let file = env.write_urls("u.txt", &urls(30, "held"));
    let mut child = env.spawn(&["purge", "-p", "cdn", "--wait", file.to_str().unwrap()]);
    let deadline = Instant::now() + Duration::from_secs(60);
    while env.sim().submitted_urls(Vendor::BaiduCdn).len() < 30 {
        assert!(Instant::now() < deadline, "the vendor never got the submit");
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL, before the answer arrives
    child.wait().unwrap();
    env.sim().set_faults(Vendor::BaiduCdn, Faults::default());

    let resumed = env.run(&["resume", "--json"]);
    resumed.expect(0);
    let doc = resumed.json();
    assert_eq!(doc["jobs"][0]["counts"]["completed"], 30, "{doc}");
    let sent = env.sim().submitted_urls(Vendor::BaiduCdn);
    assert_eq!(sent.len(), 30, "found by reconciliation, not sent again");
}

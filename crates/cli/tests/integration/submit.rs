use crate::common::{urls, Env, HOST};
use cachedesk_core::Vendor;
use serde_json::Value;

fn states(doc: &Value) -> Vec<(u64, String)> {
    doc["urls"]
        .as_array()
        .expect("urls listed")
        .iter()
        .map(|u| {
            (
                u["line"].as_u64().unwrap(),
                u["state"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn purge_a_file_and_wait_every_line_ends_in_one_state() {
    let env = Env::start();
    env.add_profile("cdn", Vendor::BaiduCdn, &["--batch-size", "2"]);
    let lines = [
        format!("https://{HOST}/a.html"),
        "not a url".to_owned(),
        String::new(),
        format!("https://{HOST}/b.html"),
        format!("https://{HOST}/a.html"),
        "https://elsewhere.test/x.html".to_owned(),
        format!("https://{HOST}/fail/c.html"),
        "# a comment".to_owned(),
        format!("https://{HOST}/d.html"),
    ];
    let file = env.write_urls("urls.txt", &lines);
    let run = env.run(&[
        "purge",
        "-p",
        "cdn",
        "--wait",
        "--json",
        file.to_str().unwrap(),
    ]);
    run.expect(1);
    let doc = run.json();
    assert_eq!(doc["status"], "finished");
    assert!(doc["id"].as_str().unwrap().parse::<i64>().unwrap() > 0);
    let rejected: Vec<(u64, &str, &str)> = doc["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["line"].as_u64().unwrap(),
                r["text"].as_str().unwrap(),
                r["reason_code"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rejected,
        [
            (2, "not a url", "not_a_url"),
            (6, "https://elsewhere.test/x.html", "host_not_covered"),
        ]
    );
    // Line 5 repeats line 1: merged into it and counted, never listed as rejected.
    assert_eq!(doc["input"]["duplicates"], 1);
    assert!(doc["rejected"][0]["message"]
        .as_str()
        .unwrap()
        .contains("web address"));
    // Four URLs in batches of two: two vendor tasks.
    let batches = doc["batches"].as_array().unwrap();
    assert_eq!(batches.len(), 2);
    assert!(batches
        .iter()
        .all(|b| !b["task_id"].as_str().unwrap().is_empty()));
    assert!(batches
        .iter()
        .all(|b| b["state"] == "accepted" && b["urls"] == 2));
    assert_eq!(
        (
            batches[1]["completed"].as_u64(),
            batches[1]["failed"].as_u64()
        ),
        (Some(1), Some(1))
    );
    assert_eq!(
        states(&doc),
        [
            (1, "completed".into()),
            (2, "rejected".into()),
            (4, "completed".into()),
            (6, "rejected".into()),
            (7, "failed".into()),
            (9, "completed".into()),
        ]
    );
    assert_eq!(doc["counts"]["completed"], 3);
    assert_eq!(doc["counts"]["failed"], 1);
    assert_eq!(doc["input"]["skipped_blank"], 1);
    assert_eq!(doc["input"]["skipped_comments"], 1);
    assert_eq!(doc["failed"][0]["line"], 7);
    assert!(
        !doc["failed"][0]["reason"].as_str().unwrap().is_empty(),
        "a failed URL says why"
    );
    // … as a code with a plain sentence (a CDN purge record says no more than "failed").
    assert_eq!(doc["failed"][0]["reason_code"], "vendor_failed");
    assert!(doc["failed"][0]["explanation"]
        .as_str()
        .unwrap()
        .contains("marked this URL as failed"));
    let urls = doc["urls"].as_array().unwrap();
    assert_eq!(urls[1]["reason_code"], "not_sent");
    assert_eq!(urls[1]["reject_code"], "not_a_url");
    assert!(urls[1]["explanation_zh_cn"]
        .as_str()
        .unwrap()
        .starts_with("这一行不是网址。"));
    assert!(urls[0]["reason_code"].is_null() && urls[0]["reject_code"].is_null());
    assert_eq!(env.sim().submitted_urls(Vendor::BaiduCdn).len(), 4);
}

#[test]
fn all_accepted_is_exit_zero_and_stdin_works() {
    let env = Env::start();
    env.add_profile("cdn", Vendor::BaiduCdn, &[]);
    let input = urls(3, "stdin").join("\n");
    let run = env.run_with_stdin(&["purge", "-p", "cdn", "--json"], &input);
    run.expect(0);
    let doc = run.json();
    assert_eq!(doc["counts"]["rejected"], 0);
    assert!(
        doc.get("urls").is_none(),
        "URLs are listed with --wait only"
    );
    assert_eq!(doc["batches"].as_array().unwrap().len(), 1);
    // '-' also reads standard input, and plain output names the job.
    let text = env.run_with_stdin(&["purge", "-p", "cdn", "-"], &urls(2, "dash").join("\n"));
    text.expect(0);
    assert!(text.stdout.contains("Job 2"), "{}", text.stdout);
    assert_eq!(env.sim().submitted_urls(Vendor::BaiduCdn).len(), 5);
}

#[test]
fn directories_and_prefetch() {
    let env = Env::start();
    env.add_profile("bs", Vendor::Baishan, &[]);
    let dirs = env.write_urls(
        "dirs.txt",
        &[
            format!("https://{HOST}/img/"),
            format!("https://{HOST}/css"),
        ],
    );
    let run = env.run(&[
        "purge",
        "-p",
        "bs",
        "--dir",
        "--wait",
        "--json",
        dirs.to_str().unwrap(),
    ]);
    run.expect(1);
    let doc = run.json();
    assert_eq!(doc["action"], "purge-directories");
    assert_eq!(doc["rejected"][0]["reason_code"], "directory_without_slash");
    assert_eq!(doc["counts"]["completed"], 1);

    let files = env.write_urls("files.txt", &urls(4, "pre"));
    let run = env.run(&[
        "prefetch",
        "-p",
        "bs",
        "--wait",
        "--json",
        files.to_str().unwrap(),
    ]);
    run.expect(0);
    assert_eq!(run.json()["counts"]["completed"], 4);
    // Baishan cannot schedule a prefetch: an input error.
    env.run(&[
        "prefetch",
        "-p",
        "bs",
        "--at",
        "2h",
        files.to_str().unwrap(),
    ])
    .expect(2);
}

#[test]
fn scheduled_prefetch_on_baidu_cdn() {
    let env = Env::start();
    env.add_profile("cdn", Vendor::BaiduCdn, &[]);
    let file = env.write_urls("u.txt", &urls(2, "later"));
    let run = env.run(&[
        "prefetch",
        "-p",
        "cdn",
        "--at",
        "+2h",
        "--json",
        file.to_str().unwrap(),
    ]);
    run.expect(0);
    assert_eq!(run.json()["action"], "prefetch");
    env.run(&[
        "prefetch",
        "-p",
        "cdn",
        "--at",
        "tomorrow",
        file.to_str().unwrap(),
    ])
    .expect(2);
}

#[test]
fn dry_run_sends_nothing() {
    let env = Env::start();
    env.add_profile("cdn", Vendor::BaiduCdn, &["--batch-size", "2"]);
    let mut lines = urls(5, "dry");
    lines.push("ftp://www.example.com/x".into());
    lines.push("www.example.com/no-scheme.html".into());
    let file = env.write_urls("u.txt", &lines);
    let run = env.run(&[
        "purge",
        "-p",
        "cdn",
        "--dry-run",
        "--json",
        file.to_str().unwrap(),
    ]);
    run.expect(1);
    let doc = run.json();
    assert_eq!(doc["dry_run"], true);
    assert_eq!(doc["batch_size"], 2);
    let sizes: Vec<u64> = doc["batches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["urls"].as_u64().unwrap())
        .collect();
    assert_eq!(sizes, [2, 2, 1]);
    assert_eq!(doc["rejected"][0]["line"], 6);
    assert_eq!(doc["rejected"][0]["reason_code"], "unsupported_scheme");
    assert!(env.sim().submitted_urls(Vendor::BaiduCdn).is_empty());
    // Nothing journaled either, and no credentials needed.
    let mut bare = env.command();
    bare.args(["purge", "-p", "cdn", "--dry-run"]).arg(&file);
    let text = crate::common::output(bare.output().unwrap());
    text.expect(1);
    assert!(
        text.stdout.starts_with(
            "Dry run (purge-files, profile cdn): 5 URLs to send in 3 requests of up to 2, 2 lines rejected."
        ) && text
            .stdout
            .contains("    suggested fix: https://www.example.com/no-scheme.html\n"),
        "{}",
        text.stdout
    );
    let history = env.run(&["jobs", "--json"]).expect(0).json();
    assert_eq!(history["total"], 0);
}

#[test]
fn input_errors_exit_two() {
    let env = Env::start();
    env.add_profile("cdn", Vendor::BaiduCdn, &[]);
    let missing = env.run(&["purge", "-p", "cdn", "/nonexistent/urls.txt"]);
    missing.expect(2);
    assert!(
        missing.stderr.contains("check the path"),
        "{}",
        missing.stderr
    );
    env.run_with_stdin(&["purge", "-p", "cdn"], "\n\n# only comments\n")
        .expect(2);
    env.run_with_stdin(&["purge", "-p", "nobody"], "https://www.example.com/a\n")
        .expect(2);
    env.run(&["purge"]).expect(2);
    let json = env
        .run_with_stdin(&["purge", "-p", "cdn", "--json"], "")
        .expect(2)
        .json();
    assert_eq!(json["error"]["code"], "invalid_input");
}

#[test]
fn wrong_credentials_exit_three() {
    let env = Env::start();
    env.add_profile("cdn", Vendor::BaiduCdn, &[]);
    env.add_profile("bs", Vendor::Baishan, &[]);
    let file = env.write_urls("u.txt", &urls(2, "auth"));
    for profile in ["cdn", "bs"] {
        let mut cmd = env.with_env_credentials();
        cmd.env("CACHEDESK_SECRET_KEY", crate::common::WRONG_SECRET)
            .env("CACHEDESK_TOKEN", crate::common::WRONG_SECRET);
        let run = crate::common::run(
            cmd,
            &["purge", "-p", profile, "--json", file.to_str().unwrap()],
            None,
        );
        run.expect(3);
        assert_eq!(run.json()["error"]["code"], "auth", "{profile}");
    }
    assert!(env.sim().submitted_urls(Vendor::BaiduCdn).is_empty());
    assert!(env.sim().submitted_urls(Vendor::Baishan).is_empty());
}

#[test]
fn unreachable_vendor_exits_four() {
    let mut env = Env::start();
    env.add_profile("bs", Vendor::Baishan, &[]);
    let file = env.write_urls("u.txt", &urls(2, "down"));
    env.stop_sim();
    let run = env.run(&["purge", "-p", "bs", "--json", file.to_str().unwrap()]);
    run.expect(4);
    let doc = run.json();
    assert_eq!(doc["error"]["code"], "network");
    assert_eq!(doc["status"], "stopped");
    assert_eq!(
        doc["counts"]["pending"], 2,
        "nothing lost: the job can be resumed"
    );
}

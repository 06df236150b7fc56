//! status, quota, history and export.

use crate::common::{urls, Env};
use cachedesk_core::Vendor;
use cachedesk_sim::Speed;

#[test]
fn status_of_a_job_refreshes_it_from_the_vendor() {
    let env = Env::with(crate::common::config(cachedesk_sim::Speed::Custom(
        std::time::Duration::from_millis(1500),
    )));
    env.add_profile("cdn", Vendor::BaiduCdn, &[]);
    let file = env.write_urls("u.txt", &urls(3, "job"));
    let sent = env
        .run(&["purge", "-p", "cdn", "--json", file.to_str().unwrap()])
        .expect(0)
        .json();
    let job = sent["id"].as_str().unwrap().to_owned();
    assert_eq!(
        sent["status"], "running",
        "without --wait the command returns once the vendor holds every URL"
    );
    assert_eq!(sent["counts"]["accepted"], 3);

    std::thread::sleep(std::time::Duration::from_millis(2000));
    let doc = env
        .run(&["status", "--job", &job, "--json"])
        .expect(0)
        .json();
    assert_eq!(doc["status"], "finished");
    let states: Vec<&str> = doc["urls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["completed"; 3]);
    // A finished job is read from the journal: no credentials needed.
    let mut bare = env.command();
    bare.args(["status", "--job", &job]);
    let text = crate::common::output(bare.output().unwrap());
    text.expect(0);
    assert!(text.stdout.contains("3 completed"), "{}", text.stdout);
    env.run(&["status", "--job", "999"]).expect(2);
}

#[test]
fn status_of_vendor_tasks_by_id_and_range() {
    let env = Env::with(crate::common::config(Speed::Instant));
    env.add_profile("cdn", Vendor::BaiduCdn, &[]);
    let purged = env.write_urls("p.txt", &urls(2, "purged"));
    let prefetched = env.write_urls("f.txt", &urls(3, "prefetched"));
    let job = env
        .run(&[
            "purge",
            "-p",
            "cdn",
            "--wait",
            "--json",
            purged.to_str().unwrap(),
        ])
        .expect(0)
        .json();
    env.run(&[
        "prefetch",
        "-p",
        "cdn",
        "--wait",
        "--json",
        prefetched.to_str().unwrap(),
    ])
    .expect(0);
    let task = job["batches"][0]["task_id"].as_str().unwrap().to_owned();

    let by_task = env
        .run(&["status", "-p", "cdn", "--task", &task, "--json"])
        .expect(0)
        .json();
    assert_eq!(by_task["count"], 2);
    assert!(by_task["records"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["task_id"] == task.as_str() && r["kind"] == "purge"));

    let both = env
        .run(&["status", "-p", "cdn", "--since", "1d", "--json"])
        .expect(0)
        .json();
    assert_eq!(both["count"], 5, "both kinds when --kind is absent");
    let prefetch = env
        .run(&[
            "status", "-p", "cdn", "--since", "40d", "--until", "now", "--kind", "prefetch",
            "--json",
        ])
        .expect(0)
        .json();
    assert_eq!(prefetch["count"], 3);
    let one = urls(1, "purged")[0].clone();
    let by_url = env
        .run(&[
            "status", "-p", "cdn", "--since", "1h", "--url", &one, "--json",
        ])
        .expect(0)
        .json();
    assert_eq!(by_url["count"], 1);
    assert_eq!(by_url["records"][0]["url"], one.as_str());

    let text = env
        .run(&["status", "-p", "cdn", "--since", "1d"])
        .expect(0)
        .stdout
        .clone();
    assert_eq!(text.lines().count(), 5, "{text}");
    env.run(&["status", "-p", "cdn", "--task", "no-such-task"])
        .expect(2);
    env.run(&["status", "-p", "cdn", "--since", "soon"])
        .expect(2);
}

#[test]
fn a_vendor_record_s_failure_is_explained_in_the_reader_s_language() {
    let env = Env::with(crate::common::config(Speed::Instant));
    env.add_profile("cdn", Vendor::BaiduCdn, &[]);
    let failing = env.write_urls("f.txt", &urls(1, "fail"));
    env.run(&["prefetch", "-p", "cdn", "--wait", failing.to_str().unwrap()])
        .expect(1);

    let doc = env
        .run(&["status", "-p", "cdn", "--since", "1d", "--json"])
        .expect(1)
        .json();
    let record = &doc["records"][0];
    assert_eq!(
        (&record["status"], &record["reason"], &record["reason_code"]),
        (
            &"failed".into(),
            &cachedesk_sim::FAILURE_REASON.into(),
            &"origin_not_found".into()
        )
    );
    let mut chinese = env.with_env_credentials();
    chinese.env("LANG", "zh_CN.UTF-8");
    let text = crate::common::run(chinese, &["status", "-p", "cdn", "--since", "1d"], None);
    text.expect(1);
    // Kind and status in the window's words, then the reason and the vendor's own.
    assert!(
        text.stdout.contains(&format!(
            "\t预热\t失败\t{}\t{}\t源站上没有这个文件（返回 404）。请检查地址，或先发布该文件，然后重试。（{}）",
            record["task_id"].as_str().unwrap_or("-"),
            record["url"].as_str().unwrap(),
            cachedesk_sim::FAILURE_REASON
        )),
        "{}",
        text.stdout
    );
}

#[test]
fn quota_where_the_vendor_reports_it() {
    let env = Env::start();
    env.add_profile("cdn", Vendor::BaiduCdn, &[]);
    env.add_profile("geo", Vendor::BaiduGeo, &[]);
    let doc = env.run(&["quota", "-p", "cdn", "--json"]).expect(0).json();
    assert_eq!(doc["quota"]["url_quota"], 20_000);
    assert_eq!(doc["quota"]["dir_quota"], 200);
    let text = env.run(&["quota", "-p", "cdn"]).expect(0).stdout.clone();
    assert!(text.contains("URLs left today: 20000 / 20000"), "{text}");
    let geo = env.run(&["quota", "-p", "geo", "--json"]).expect(0).json();
    assert!(geo["quota"].is_null());
}

#[test]
fn history_and_csv_export() {
    let env = Env::start();
    env.add_profile("cdn", Vendor::BaiduCdn, &[]);
    let mut lines = urls(3, "csv");
    lines.insert(1, "nonsense".into());
    let file = env.write_urls("u.txt", &lines);
    let first = env
        .run(&[
            "purge",
            "-p",
            "cdn",
            "--wait",
            "--json",
            file.to_str().unwrap(),
        ])
        .expect(1)
        .json();
    env.run_with_stdin(
        &["prefetch", "-p", "cdn", "--wait"],
        &urls(1, "other").join("\n"),
    )
    .expect(0);

    let history = env.run(&["jobs", "--json"]).expect(0).json();
    assert_eq!(history["total"], 2);
    assert_eq!(history["jobs"][1]["id"], first["id"], "newest first");
    assert_eq!(history["jobs"][1]["counts"]["completed"], 3);
    assert_eq!(history["jobs"][1]["counts"]["rejected"], 1);
    assert_eq!(
        env.run(&["jobs", "--json", "--limit", "1"])
            .expect(0)
            .json()["jobs"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert!(env.run(&["jobs"]).expect(0).stdout.contains("purge-files"));

    let csv = env.data_dir().join("job.csv");
    let job = first["id"].as_str().unwrap().to_owned();
    env.run(&["export", &job, "--csv", csv.to_str().unwrap()])
        .expect(0);
    let written = std::fs::read_to_string(&csv).unwrap();
    let rows: Vec<&str> = written.lines().collect();
    assert_eq!(rows.len(), 5, "header and one row per line:\n{written}");
    assert!(rows[0].starts_with("line,url,state"));
    assert!(rows[2].starts_with("2,nonsense,rejected"), "{}", rows[2]);
    let stdout = env
        .run(&["export", &job, "--csv", "-"])
        .expect(0)
        .stdout
        .clone();
    assert_eq!(stdout, written);
    // For a spreadsheet: the same rows after the UTF-8 mark Excel needs to read Chinese text.
    env.run(&["export", &job, "--csv", csv.to_str().unwrap(), "--bom"])
        .expect(0);
    let marked = std::fs::read(&csv).unwrap();
    assert_eq!(
        marked,
        [b"\xEF\xBB\xBF".as_slice(), written.as_bytes()].concat()
    );
    env.run(&["export", "42", "--csv", csv.to_str().unwrap()])
        .expect(2);
    env.run(&["export", &job, "--csv", "/nonexistent/dir/x.csv"])
        .expect(2);
}

#[test]
fn geo_status_by_url_returns_only_matching_records() {
    // GEO has no url parameter (seeds 000/001): the client filters what the vendor lists.
    let env = Env::with(crate::common::config(Speed::Instant));
    env.add_profile("geo", Vendor::BaiduGeo, &[]);
    let file = env.write_urls("g.txt", &urls(12, "geo"));
    env.run(&["purge", "-p", "geo", "--wait", file.to_str().unwrap()])
        .expect(0);
    let one = urls(12, "geo")[7].clone();
    let by_url = env
        .run(&[
            "status", "-p", "geo", "--since", "1h", "--url", &one, "--json",
        ])
        .expect(0)
        .json();
    assert_eq!(by_url["count"], 1, "{by_url}");
    assert_eq!(by_url["records"][0]["url"], one.as_str());
    let pattern = format!("https://{}/geo/1*", crate::common::HOST);
    let by_pattern = env
        .run(&[
            "status", "-p", "geo", "--since", "1h", "--url", &pattern, "--json",
        ])
        .expect(0)
        .json();
    assert_eq!(by_pattern["count"], 4, "1, 10, 11, 12: {by_pattern}");
}

#[test]
fn retry_sends_a_jobs_failed_urls_again_as_a_new_job() {
    let env = Env::with(crate::common::config(Speed::Instant));
    env.add_profile("cdn", Vendor::BaiduCdn, &[]);
    let mut lines = urls(3, "retry");
    lines.push(format!("https://{}/retry/fail-me.js", crate::common::HOST));
    let file = env.write_urls("r.txt", &lines);
    let first = env
        .run(&[
            "purge",
            "-p",
            "cdn",
            "--wait",
            "--json",
            file.to_str().unwrap(),
        ])
        .expect(1)
        .json();
    let id = first["id"].as_str().unwrap().to_owned();
    let retry = env
        .run(&["retry", &id, "--uncertain", "--wait", "--json"])
        .expect(1)
        .json();
    assert_ne!(
        retry["id"].as_str().unwrap().to_owned(),
        id,
        "a new job: {retry}"
    );
    assert_eq!(retry["counts"]["failed"], 1);
    assert_eq!(retry["urls"].as_array().unwrap().len(), 1);
    let history = env.run(&["jobs", "--json"]).expect(0).json();
    assert_eq!(history["jobs"].as_array().unwrap().len(), 2);
    env.run(&["retry", "999999"]).expect(2);
}

//! `purge --wait --verify` and `cachedesk verify`, aimed at the simulator's edge node.

use crate::common::{urls, Env};
use cachedesk_core::Vendor;

#[test]
fn purge_then_prove_at_the_edge() {
    let env = Env::start();
    env.add_profile("cdn", Vendor::BaiduCdn, &[]);
    let lines = urls(3, "proof");
    let file = env.write_urls("u.txt", &lines);
    let resolve = format!("{}:443:{}", crate::common::HOST, env.sim().edge_address());
    let run = env.run(&[
        "purge",
        "-p",
        "cdn",
        "--wait",
        "--verify",
        "--resolve",
        &resolve,
        "--json",
        file.to_str().unwrap(),
    ]);
    run.expect(0);
    let doc = run.json();
    let edge = doc["edge"].as_array().unwrap();
    assert_eq!(edge.len(), 3, "{doc}");
    assert!(edge.iter().all(|c| c["verdict"] == "fresh"), "{doc}");

    // The editor publishes again and purges again; a node missed the purge of one URL.
    env.sim().keep_stale(&lines[2]);
    let again = env
        .run(&[
            "purge",
            "-p",
            "cdn",
            "--wait",
            "--json",
            file.to_str().unwrap(),
        ])
        .expect(0)
        .json();
    let job = again["id"].as_str().unwrap().to_owned();
    let origin = env.sim().origin_endpoint();
    let text = env.run(&["verify", &job, "--resolve", &resolve, "--origin", &origin]);
    text.expect(1);
    assert!(
        text.stdout.starts_with("2 fresh · 1 still stale"),
        "{}",
        text.stdout
    );
    assert!(text.stdout.contains("Still stale"), "{}", text.stdout);

    let refused = env.run(&["verify", &job, "--resolve", "not-a-resolve"]);
    refused.expect(2);
    env.run(&["purge", "-p", "cdn", "--verify", file.to_str().unwrap()])
        .expect(2);
}

/// Saves edge settings for profile `name` as the app does (edge-settings.json by UUID).
fn save_edge_settings(env: &Env, name: &str, settings: serde_json::Value) {
    let shown = env
        .run(&["profile", "show", name, "--json"])
        .expect(0)
        .json();
    let uuid = shown["profile"]["uuid"]
        .as_str()
        .expect("the profile's UUID")
        .to_owned();
    let all = serde_json::json!({ uuid: settings });
    std::fs::write(env.data_dir().join("edge-settings.json"), all.to_string())
        .expect("the edge settings are written");
}

#[test]
fn verify_and_purge_verify_use_the_profiles_saved_edge_settings_unless_the_flags_say_otherwise() {
    let env = Env::start();
    env.add_profile("cdn", Vendor::BaiduCdn, &[]);
    let lines = urls(3, "saved");
    let file = env.write_urls("u.txt", &lines);
    let job = env
        .run(&[
            "purge",
            "-p",
            "cdn",
            "--wait",
            "--json",
            file.to_str().unwrap(),
        ])
        .expect(0)
        .json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let edge = format!("{}:443:{}", crate::common::HOST, env.sim().edge_address());
    save_edge_settings(&env, "cdn", serde_json::json!({ "resolve": [edge] }));

    let saved = env.run(&["verify", &job, "--json"]).expect(0).json();
    assert_eq!(saved["counts"]["fresh"], 3, "{saved}");

    // `purge --wait --verify` asks the saved edge too.
    let more = env.write_urls("more.txt", &urls(2, "saved-more"));
    let waited = env
        .run(&[
            "purge",
            "-p",
            "cdn",
            "--wait",
            "--verify",
            "--json",
            more.to_str().unwrap(),
        ])
        .expect(0)
        .json();
    let checks = waited["edge"].as_array().unwrap();
    assert_eq!(checks.len(), 2, "{waited}");
    assert!(checks.iter().all(|c| c["verdict"] == "fresh"), "{waited}");

    // A node nobody listens on, given on the command line, wins over the saved edge.
    let nowhere = format!("{}:443:127.0.0.1:9", crate::common::HOST);
    let flags = env
        .run(&[
            "verify",
            &job,
            "--resolve",
            &nowhere,
            "--timeout",
            "2",
            "--json",
        ])
        .expect(1)
        .json();
    assert_eq!(flags["counts"]["error"], 3, "{flags}");
}

#[test]
fn verify_checks_one_url_of_a_job_on_request() {
    let env = Env::start();
    env.add_profile("cdn", Vendor::BaiduCdn, &[]);
    let lines = urls(3, "one");
    let file = env.write_urls("u.txt", &lines);
    let resolve = format!("{}:443:{}", crate::common::HOST, env.sim().edge_address());
    let purge = [
        "purge",
        "-p",
        "cdn",
        "--wait",
        "--json",
        file.to_str().unwrap(),
    ];
    let first = env.run(&purge).expect(0).json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    env.run(&["verify", &first, "--resolve", &resolve])
        .expect(0);
    // Published again and purged again; a node missed the purge of one URL. Its copy is a
    // minute old: `Age` has whole seconds, so copies seconds old cannot be told apart.
    env.sim().keep_stale(&lines[2]);
    env.sim().age(std::time::Duration::from_secs(60));
    let job = env.run(&purge).expect(0).json()["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let one = env
        .run(&[
            "verify",
            &job,
            "--url",
            &lines[0],
            "--resolve",
            &resolve,
            "--json",
        ])
        .expect(0)
        .json();
    let checked = one["urls"].as_array().unwrap();
    assert_eq!(checked.len(), 1, "{one}");
    assert_eq!(checked[0]["url"], lines[0].as_str(), "{one}");

    let stale = env.run(&["verify", &job, "--url", &lines[2], "--resolve", &resolve]);
    stale.expect(1);
    assert!(
        stale.stdout.starts_with("1 still stale"),
        "{}",
        stale.stdout
    );

    let stranger = env.run(&[
        "verify",
        &job,
        "--url",
        "https://www.example.com/not-in-this-job",
        "--resolve",
        &resolve,
    ]);
    stranger.expect(2);
    assert!(
        stranger.stderr.contains("not-in-this-job"),
        "{}",
        stranger.stderr
    );
}

#[test]
fn verify_checks_sample_urls_under_a_purged_directory() {
    let env = Env::start();
    env.add_profile("cdn", Vendor::BaiduCdn, &[]);
    let dirs = env.write_urls(
        "dirs.txt",
        &[
            format!("https://{}/news/", crate::common::HOST),
            format!("https://{}/img/", crate::common::HOST),
        ],
    );
    let resolve = format!("{}:443:{}", crate::common::HOST, env.sim().edge_address());
    let purge = [
        "purge",
        "-p",
        "cdn",
        "--dir",
        "--wait",
        "--json",
        dirs.to_str().unwrap(),
    ];
    let first = env.run(&purge).expect(0).json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let asks = env.run(&["verify", &first, "--resolve", &resolve]);
    asks.expect(2);
    assert!(asks.stderr.contains("--url"), "{}", asks.stderr);

    let fresh = format!("https://{}/news/2026/today.html", crate::common::HOST);
    let stale = format!("https://{}/img/logo.png", crate::common::HOST);
    // The edge caches both samples; then a node misses the next purge of one of them.
    env.run(&[
        "verify",
        &first,
        "--url",
        &fresh,
        "--url",
        &stale,
        "--resolve",
        &resolve,
    ])
    .expect(0);
    env.sim().keep_stale(&stale);
    env.sim().age(std::time::Duration::from_secs(60));
    let job = env.run(&purge).expect(0).json()["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let checked = env
        .run(&[
            "verify",
            &job,
            "--url",
            &fresh,
            "--resolve",
            &resolve,
            "--json",
        ])
        .expect(0)
        .json();
    let urls = checked["urls"].as_array().unwrap();
    assert_eq!(urls.len(), 1, "{checked}");
    assert_eq!(urls[0]["url"], fresh.as_str(), "{checked}");
    assert_eq!(urls[0]["verdict"], "fresh", "{checked}");

    let held = env.run(&["verify", &job, "--url", &stale, "--resolve", &resolve]);
    held.expect(1);
    assert!(held.stdout.starts_with("1 still stale"), "{}", held.stdout);

    for outside in [
        format!("https://{}/newsroom/a.html", crate::common::HOST),
        format!("http://{}/news/a.html", crate::common::HOST),
        "https://other.example.com/news/a.html".to_owned(),
    ] {
        let refused = env.run(&["verify", &job, "--url", &outside, "--resolve", &resolve]);
        refused.expect(2);
        assert!(refused.stderr.contains(&outside), "{}", refused.stderr);
    }
}

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
    let job = again["job_id"].to_string();
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

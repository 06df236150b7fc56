use crate::common::{Env, HOST, WRONG_SECRET};
use cachedesk_core::Vendor;

#[test]
fn add_list_show_remove() {
    let env = Env::start();
    env.add_profile(
        "cdn",
        Vendor::BaiduCdn,
        &["--domain", "static.example.com", "--batch-size", "50"],
    );
    env.add_profile("geo", Vendor::BaiduGeo, &[]);

    let list = env.run(&["profile", "list", "--json"]).expect(0).json();
    let names: Vec<&str> = list["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["cdn", "geo"]);
    let text = env.run(&["profile", "list"]).expect(0).stdout.clone();
    assert!(
        text.contains("cdn\tbaidu-cdn") && text.contains("geo\tbaidu-geo"),
        "{text}"
    );

    let show = env
        .run(&["profile", "show", "cdn", "--json"])
        .expect(0)
        .json();
    assert_eq!(show["profile"]["vendor"], "baidu-cdn");
    assert_eq!(
        show["profile"]["domains"],
        serde_json::json!([HOST, "static.example.com"])
    );
    assert_eq!(show["profile"]["batch_size"], 50);
    assert_eq!(show["credentials"], "environment");
    let shown = env
        .run(&["profile", "show", "geo"])
        .expect(0)
        .stdout
        .clone();
    assert!(
        shown.contains("example.com") && shown.contains("from the environment"),
        "{shown}"
    );

    env.run(&["profile", "rm", "cdn"]).expect(0);
    let after = env.run(&["profile", "list", "--json"]).expect(0).json();
    assert_eq!(after["profiles"].as_array().unwrap().len(), 1);
    // The name is free again.
    env.add_profile("cdn", Vendor::Baishan, &[]);
}

#[test]
fn mistakes_are_usage_errors() {
    let env = Env::start();
    env.add_profile("cdn", Vendor::BaiduCdn, &[]);
    let again = env.run(&[
        "profile",
        "add",
        "cdn",
        "--vendor",
        "baidu-cdn",
        "--domain",
        HOST,
    ]);
    again.expect(2);
    assert!(
        again
            .stderr
            .contains("'cdn' already exists. Choose another name."),
        "{}",
        again.stderr
    );
    let missing = env.run(&["profile", "show", "nope"]);
    missing.expect(2);
    assert!(
        missing.stderr.contains("profile list"),
        "says what to do next: {}",
        missing.stderr
    );
    env.run(&["profile", "add", "x", "--vendor", "akamai"])
        .expect(2);
    env.run(&["profile", "rm"]).expect(2);
    let json = env
        .run(&["profile", "show", "nope", "--json"])
        .expect(2)
        .json();
    assert_eq!(json["error"]["code"], "not_found");
}

#[test]
fn a_batch_size_above_the_vendors_limit_is_lowered_with_a_warning() {
    let env = Env::start();
    let endpoint = env.endpoint(Vendor::BaiduCdn);
    let run = env.run(&[
        "profile",
        "add",
        "big",
        "--vendor",
        "baidu-cdn",
        "--endpoint",
        &endpoint,
        "--domain",
        crate::common::HOST,
        "--batch-size",
        "1000",
    ]);
    run.expect(0);
    assert!(
        run.stderr.contains("at most 100 URLs per request"),
        "{}",
        run.stderr
    );
    let shown = env
        .run(&["profile", "show", "big", "--json"])
        .expect(0)
        .json();
    assert_eq!(shown["profile"]["batch_size"], 100, "{shown}");
}

#[test]
fn test_checks_the_credentials_at_the_vendor() {
    let mut env = Env::start();
    for vendor in [Vendor::BaiduCdn, Vendor::BaiduGeo, Vendor::Baishan] {
        env.add_profile(vendor.slug(), vendor, &[]);
        env.run(&["profile", "test", vendor.slug()]).expect(0);
    }
    for vendor in [Vendor::BaiduCdn, Vendor::Baishan] {
        let mut cmd = env.with_env_credentials();
        cmd.env("CACHEDESK_SECRET_KEY", WRONG_SECRET)
            .env("CACHEDESK_TOKEN", WRONG_SECRET);
        let run = crate::common::run(cmd, &["profile", "test", vendor.slug()], None);
        run.expect(3);
        assert!(run.stderr.contains("credentials"), "{}", run.stderr);
    }
    env.stop_sim();
    let run = env.run(&["profile", "test", "baidu-cdn"]);
    run.expect(4);
    assert!(run.stderr.contains("network"), "{}", run.stderr);
}

const ANY_HOST_WARNING: &str = "accepts any host";

#[test]
fn a_profile_names_its_domains_or_allows_any_host_explicitly() {
    let env = Env::start();
    let endpoint = env.endpoint(Vendor::BaiduCdn);
    let add = |name: &str, extra: &[&str]| {
        let mut args = vec![
            "profile",
            "add",
            name,
            "--vendor",
            "baidu-cdn",
            "--endpoint",
            &endpoint,
        ];
        args.extend(extra);
        env.run(&args)
    };
    let refused = add("none", &[]);
    refused.expect(2);
    assert!(
        refused.stderr.contains("*.example.com"),
        "{}",
        refused.stderr
    );
    assert!(
        refused.stderr.contains("--domain '*'"),
        "{}",
        refused.stderr
    );
    let list = env.run(&["profile", "list", "--json"]).expect(0).json();
    assert!(list["profiles"].as_array().unwrap().is_empty(), "{list}");

    let any = add("any", &["--domain", "*"]);
    any.expect(0);
    assert!(any.stderr.contains(ANY_HOST_WARNING), "{}", any.stderr);
    let elsewhere = "https://elsewhere.example.org/a.html\n";
    let purge = env.run_with_stdin(&["purge", "-p", "any", "--dry-run", "--json"], elsewhere);
    purge.expect(0);
    assert_eq!(purge.json()["input"]["accepted"], 1, "{}", purge.stdout);
    assert!(purge.stderr.contains(ANY_HOST_WARNING), "{}", purge.stderr);
}

#[test]
fn a_legacy_profile_without_domains_still_takes_any_host_with_the_warning() {
    let env = Env::start();
    let engine = cachedesk_engine::Engine::open(env.data_dir()).unwrap();
    engine
        .create_profile(&cachedesk_engine::ProfileDraft {
            name: "old".into(),
            vendor: Vendor::BaiduCdn,
            endpoint: Some(env.endpoint(Vendor::BaiduCdn)),
            site: None,
            domains: Vec::new(),
            batch_size: None,
            concurrency: None,
        })
        .unwrap();
    drop(engine);
    let elsewhere = "https://elsewhere.example.org/a.html\n";
    let purge = env.run_with_stdin(&["purge", "-p", "old", "--dry-run", "--json"], elsewhere);
    purge.expect(0);
    assert_eq!(purge.json()["input"]["accepted"], 1, "{}", purge.stdout);
    assert!(purge.stderr.contains(ANY_HOST_WARNING), "{}", purge.stderr);
}

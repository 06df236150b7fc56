//! What an editor sends to support: the log of a job (its events, none of its secrets),
//! `cachedesk diagnostics`, and the storage exit code of a damaged database.

use crate::common::{run, urls, Env, ACCESS_KEY, SECRET_KEY, TOKEN};
use cachedesk_core::Vendor;

#[test]
fn a_jobs_log_holds_its_events_and_no_secret() {
    let env = Env::start();
    env.add_profile("cdn", Vendor::BaiduCdn, &[]);
    env.add_profile("bs", Vendor::Baishan, &[]);
    let list = env.write_urls("u.txt", &urls(3, "logged"));
    let log = env.data_dir().join("logs").join("cachedesk.log");
    let mut stderr = String::new();
    for profile in ["cdn", "bs"] {
        let mut cmd = env.with_env_credentials();
        cmd.env("CACHEDESK_LOG", "debug");
        let args = [
            "purge",
            "-p",
            profile,
            "--wait",
            "--log-file",
            log.to_str().unwrap(),
            "-v",
            list.to_str().unwrap(),
        ];
        stderr += &run(cmd, &args, None).expect(0).stderr;
    }
    let text = std::fs::read_to_string(&log).unwrap();
    for event in [
        "job submitted",
        "job runs",
        "batch sent",
        "batch accepted",
        "job finished",
    ] {
        assert!(text.contains(event), "no '{event}' in the log:\n{text}");
    }
    assert!(
        stderr.contains("job finished"),
        "-v logs to stderr:\n{stderr}"
    );
    for secret in [SECRET_KEY, TOKEN] {
        assert!(!text.contains(secret), "{secret} in the log:\n{text}");
        assert!(!stderr.contains(secret), "{secret} on stderr:\n{stderr}");
    }
}

#[test]
fn diagnostics_name_profiles_by_vendor_and_host_only() {
    let env = Env::start();
    env.add_profile("cdn", Vendor::BaiduCdn, &[]);
    let endpoint = url::Url::parse(&env.endpoint(Vendor::BaiduCdn)).unwrap();
    let host = format!("127.0.0.1:{}", endpoint.port().unwrap());
    let doc = env.run(&["diagnostics", "--json"]).expect(0).json();
    assert_eq!(doc["program"], "cachedesk");
    assert_eq!(doc["profiles"][0]["vendor"], "baidu-cdn");
    assert_eq!(doc["profiles"][0]["endpoint_host"], host.as_str());
    assert!(doc["os"].as_str().is_some_and(|os| !os.is_empty()));
    let text = env.run(&["diagnostics"]).expect(0).stdout.clone();
    assert!(text.contains(&format!("baidu-cdn @ {host}")), "{text}");
    for secret in [ACCESS_KEY, SECRET_KEY, TOKEN] {
        assert!(!text.contains(secret) && !doc.to_string().contains(secret));
    }
}

#[test]
fn a_damaged_database_exits_with_the_storage_code() {
    let env = Env::start();
    std::fs::write(
        env.data_dir().join(cachedesk_engine::DATABASE_FILE),
        "this is not a SQLite database, it is a damaged file".repeat(100),
    )
    .unwrap();
    let out = env.run(&["jobs"]);
    out.expect(5);
    assert!(out.stderr.contains("local database"), "{}", out.stderr);
}

//! Proof at the edge through the application layer, against the simulator's edge: a demo
//! profile's URLs reach the built-in edge and its jobs are checked by themselves; an ordinary
//! profile's settings (resolve, origin) are kept, checked and used.
use cachedesk_api::{demo_credentials, Desk, Door, EdgeSettings, Secrets};
use cachedesk_core::{Action, Vendor};
use cachedesk_engine::{Engine, InputUrl, JobRequest, Profile, ProfileDraft, Verdict};
use cachedesk_sim::{Sim, SimConfig, Speed};
use cachedesk_vault::Vault;
use std::time::Duration;

struct Setup {
    sim: Sim,
    desk: Desk,
    _dir: tempfile::TempDir,
}

/// The keyring is never reached: credentials are handed to each job.
async fn setup() -> Setup {
    let sim = Sim::start(SimConfig {
        speed: Speed::Instant,
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::open(dir.path()).unwrap();
    let secrets = Secrets::with_vault(
        Vault::new("app.cachedesk.test.never-reached"),
        dir.path(),
        Door::App,
    );
    Setup {
        sim,
        desk: Desk::new(engine, secrets),
        _dir: dir,
    }
}

fn profile(s: &Setup, name: &str) -> Profile {
    s.desk
        .engine()
        .create_profile(&ProfileDraft {
            name: name.into(),
            vendor: Vendor::BaiduCdn,
            endpoint: Some(s.sim.endpoint(Vendor::BaiduCdn)),
            site: None,
            domains: vec!["www.example.com".into()],
            batch_size: None,
            concurrency: None,
        })
        .unwrap()
}

async fn purge(
    s: &Setup,
    profile: &Profile,
    action: Action,
    paths: &[&str],
) -> cachedesk_engine::JobId {
    let urls = paths
        .iter()
        .enumerate()
        .map(|(i, p)| InputUrl {
            line: i as u32 + 1,
            url: format!("https://www.example.com/{p}"),
        })
        .collect();
    let request = JobRequest {
        profile: profile.id,
        action,
        urls,
        rejected: vec![],
        start_at: None,
    };
    s.desk
        .engine()
        .submit(&request, &demo_credentials(Vendor::BaiduCdn))
        .await
        .unwrap()
        .id
}

fn verdicts(checks: &[cachedesk_engine::EdgeCheck]) -> Vec<Verdict> {
    checks.iter().map(|c| c.checked.verdict).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_demo_profile_is_checked_by_itself_at_the_built_in_edge() {
    let s = setup().await;
    let demo = profile(&s, "demo");
    s.desk
        .secrets()
        .demo()
        .save(std::slice::from_ref(&demo))
        .unwrap();
    assert!(
        s.desk.edge_settings(&demo).auto_check,
        "on for a demo profile"
    );

    let job = purge(&s, &demo, Action::PurgeFiles, &["a.js", "b.css"]).await;
    assert!(s.desk.auto_checks(job).unwrap());
    let checks = s
        .desk
        .verify_job(job, Some(s.sim.edge_address()))
        .await
        .unwrap();
    assert_eq!(
        verdicts(&checks),
        [Verdict::Fresh, Verdict::Fresh],
        "{checks:#?}"
    );

    // A directory purge is never checked as a whole, even by a demo profile; a sample URL
    // under it is, at the same edge.
    let dirs = purge(&s, &demo, Action::PurgeDirectories, &["img/"]).await;
    assert!(!s.desk.auto_checks(dirs).unwrap());
    assert!(s
        .desk
        .verify_job(dirs, Some(s.sim.edge_address()))
        .await
        .is_err());
    let sample = s
        .desk
        .verify_url(
            dirs,
            "https://www.example.com/img/logo.png",
            Some(s.sim.edge_address()),
        )
        .await
        .unwrap();
    assert_eq!(sample.checked.verdict, Verdict::Fresh, "{sample:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_ordinary_profile_uses_its_own_settings_and_never_the_built_in_edge() {
    let s = setup().await;
    let site = profile(&s, "site");
    assert_eq!(
        s.desk.edge_settings(&site),
        EdgeSettings::default(),
        "off by default"
    );
    let edge = s.sim.edge_address();
    let aim = |origin: Option<String>| EdgeSettings {
        auto_check: true,
        origin,
        resolve: vec![format!(" www.example.com:443:{edge} ")],
    };
    let wrong = EdgeSettings {
        resolve: vec!["www.example.com:443".into()],
        ..EdgeSettings::default()
    };
    assert!(s.desk.edge_profiles().save(&site, wrong).is_err());
    let kept = s.desk.edge_profiles().save(&site, aim(None)).unwrap();
    assert_eq!(kept.resolve, [format!("www.example.com:443:{edge}")]);
    assert_eq!(s.desk.edge_settings(&site), kept);

    // A node that missed the purge: its copy, cached a minute before, stays.
    let stale = "https://www.example.com/stale.js";
    let probe = cachedesk_edge_probe(&kept);
    probe.check(stale, true, chrono::Utc::now()).await;
    s.sim.keep_stale(stale);
    s.sim.age(Duration::from_secs(60));
    let job = purge(&s, &site, Action::PurgeFiles, &["fresh.js", "stale.js"]).await;
    assert!(s.desk.auto_checks(job).unwrap());
    // The simulator's edge is offered, but only demo profiles are sent there.
    let checks = s
        .desk
        .verify_job(job, Some("127.0.0.1:9".parse().unwrap()))
        .await
        .unwrap();
    assert_eq!(
        verdicts(&checks),
        [Verdict::Fresh, Verdict::Stale],
        "{checks:#?}"
    );

    s.desk
        .edge_profiles()
        .save(&site, aim(Some(s.sim.origin_endpoint())))
        .unwrap();
    let checks = s.desk.verify_job(job, None).await.unwrap();
    assert_eq!(verdicts(&checks), [Verdict::MatchesOrigin, Verdict::Stale]);
    assert_eq!(
        s.desk.engine().edge_checks(job).unwrap(),
        checks,
        "kept beside the job"
    );
}

fn cachedesk_edge_probe(settings: &EdgeSettings) -> cachedesk_edge::Probe {
    cachedesk_edge::Probe::new(cachedesk_engine::ProbeOptions {
        resolve: settings
            .resolve
            .iter()
            .map(|r| r.parse().unwrap())
            .collect(),
        ..Default::default()
    })
    .unwrap()
}

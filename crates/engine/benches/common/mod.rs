//! What the engine's benches share: an engine on a temporary journal, a profile aimed at the
//! simulator, a job of generated URLs, and a run watched through the engine's events.
// Compiled into each bench binary, and each uses only part of it.
#![allow(dead_code)]

use cachedesk_core::{Action, Credentials, Secret, Vendor};
use cachedesk_engine::{Engine, EngineOptions, InputUrl, JobRequest, JobSummary, ProfileDraft};
use cachedesk_sim::{Requests, Sim, DEMO_ACCESS_KEY, DEMO_SECRET_KEY, DEMO_TOKEN};
use std::time::{Duration, Instant};

/// `CACHEDESK_BENCH_URLS` (a smoke run uses a few hundred), or `default`.
pub fn url_count(default: usize) -> usize {
    std::env::var("CACHEDESK_BENCH_URLS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

pub struct Desk {
    pub engine: Engine,
    _dir: tempfile::TempDir,
}

pub fn open_engine(options: EngineOptions) -> Desk {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let engine = Engine::open_with(dir.path(), options).expect("engine opens");
    Desk { engine, _dir: dir }
}

pub fn credentials(vendor: Vendor) -> Credentials {
    match vendor {
        Vendor::Baishan => Credentials::Token(Secret::new(DEMO_TOKEN)),
        Vendor::BaiduCdn | Vendor::BaiduGeo => Credentials::AccessKey {
            access_key_id: DEMO_ACCESS_KEY.into(),
            secret_access_key: Secret::new(DEMO_SECRET_KEY),
        },
    }
}

/// A job of `urls` generated URLs on a profile of `vendor` aimed at `sim`, with the vendor's
/// batch size and the default concurrency.
pub fn job_request(
    engine: &Engine,
    sim: &Sim,
    vendor: Vendor,
    action: Action,
    urls: usize,
) -> JobRequest {
    let profile = engine
        .create_profile(&ProfileDraft {
            name: "bench".into(),
            vendor,
            endpoint: Some(sim.endpoint(vendor)),
            site: None,
            domains: vec!["www.example.com".into()],
            batch_size: None,
            concurrency: None,
        })
        .expect("profile");
    JobRequest {
        profile: profile.id,
        action,
        urls: (0..urls)
            .map(|i| InputUrl {
                line: i as u32 + 1,
                url: format!("https://www.example.com/bench/{i}.js"),
            })
            .collect(),
        rejected: vec![],
        start_at: None,
    }
}

/// One moment of a run, as an event of the engine showed it.
pub struct Moment {
    pub at: Duration,
    /// What the simulator had answered by then.
    pub asked: Requests,
}

/// A job run to its end, watched from just before `run_job`.
pub struct Watched {
    pub summary: JobSummary,
    /// `create_job`: the quota check and the job, its batches and URLs journaled.
    pub created: Duration,
    /// When the first batch was accepted (the first batch goes alone).
    pub first_accepted: Duration,
    /// When no batch was left to send or in flight.
    pub sent: Moment,
    /// The events after that which followed new requests, but the last (`finished`): the end
    /// of each polling round.
    pub rounds: Vec<Moment>,
    pub total: Duration,
}

/// Creates and runs the job, noting what the simulator answered at each step.
pub async fn run_watched(
    engine: &Engine,
    sim: &Sim,
    vendor: Vendor,
    request: &JobRequest,
) -> Watched {
    let creds = credentials(vendor);
    let t = Instant::now();
    let job = engine
        .create_job(request, &creds)
        .await
        .expect("job created");
    let created = t.elapsed();
    let mut events = engine.subscribe();
    let started = Instant::now();
    let moment = || Moment {
        at: started.elapsed(),
        asked: sim.requests(vendor),
    };
    let run = tokio::spawn({
        let engine = engine.clone();
        async move { engine.run_job(job, &creds).await }
    });
    let (mut first_accepted, mut sent, mut rounds) = (None, None, Vec::<Moment>::new());
    loop {
        let e = match events.recv().await {
            Ok(e) => e,
            Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
            Err(tokio::sync::broadcast::error::RecvError::Closed) => break,
        };
        let c = &e.counts;
        if first_accepted.is_none() && c.accepted + c.completed + c.failed > 0 {
            first_accepted = Some(started.elapsed());
        }
        if e.finished {
            break;
        }
        if let Some(sent) = &sent {
            // The last sends may publish again after the count reached zero: a round asks.
            let now = moment();
            let last = rounds.last().unwrap_or(sent);
            if now.asked != last.asked {
                rounds.push(now);
            }
        } else if c.pending == 0 && c.sending == 0 {
            sent = Some(moment());
        }
    }
    let total = started.elapsed();
    let summary = run.await.expect("run task").expect("job finishes");
    Watched {
        summary,
        created,
        first_accepted: first_accepted.expect("a batch accepted"),
        sent: sent.expect("every batch accepted"),
        rounds,
        total,
    }
}

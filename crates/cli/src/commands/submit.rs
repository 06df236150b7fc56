//! `cachedesk purge` and `cachedesk prefetch`: intake, a dry run or a job, its progress and
//! its result.

use super::{print_json, verify, Ctx};
use crate::args::{EdgeArgs, PrefetchArgs, PurgeArgs, RetryArgs, SubmitArgs};
use crate::failure::{Exit, Failure};
use crate::input;
use crate::job_view::{print_refused, JobDocument};
use crate::progress::Progress;
use crate::text::{counted, print_warning, say, tr};
use cachedesk_api::wire::RejectedLine;
use cachedesk_api::Desk;
use cachedesk_core::{said, Action, Credentials, Error, Lang};
use cachedesk_engine::{
    all_fresh, Counts, Engine, InputCounts, JobError, JobId, JobSummary, PlannedBatch, Preview,
    Profile,
};
use chrono::{DateTime, Utc};
use serde::Serialize;
use tokio::sync::broadcast::error::RecvError;

pub async fn purge(ctx: &Ctx, args: PurgeArgs) -> Result<Exit, Failure> {
    let action = if args.dir {
        Action::PurgeDirectories
    } else {
        Action::PurgeFiles
    };
    submit(ctx, &args.submit, action, None).await
}

pub async fn prefetch(ctx: &Ctx, args: PrefetchArgs) -> Result<Exit, Failure> {
    submit(ctx, &args.submit, Action::Prefetch, args.at).await
}

async fn submit(
    ctx: &Ctx,
    args: &SubmitArgs,
    action: Action,
    start_at: Option<DateTime<Utc>>,
) -> Result<Exit, Failure> {
    let lang = ctx.lang;
    let desk = ctx.desk()?;
    let engine = desk.engine();
    let profile = ctx.profile(engine, &args.profile)?;
    if let Some(warning) = cachedesk_api::any_host_warning(&profile.domains, lang) {
        print_warning(lang, warning);
    }
    let checked = input::check(&args.files, &profile, action, lang)?;
    if checked.urls.is_empty() && checked.refused.is_empty() {
        return Err(Failure::Core(Error::InvalidInput(said!(
            "the input holds no URLs; give files of URLs, or pipe them in, one per line",
            "输入中没有 URL；请提供 URL 文件，或通过管道每行传入一个 URL"
        ))));
    }
    if args.dry_run {
        return dry_run(&checked, &profile, args.json, lang);
    }
    let credentials = ctx.credentials(&profile)?;
    let request = checked.job_request(start_at);
    let job = engine.create_job(&request, &credentials).await?;
    let refused = RejectedLine::all_refused(&checked);
    let shown = Shown {
        refused: Some(refused),
        counts: Some(checked.counts),
        verify: args.verify.then(|| args.edge.clone()),
    };
    run_and_report(&desk, job, &credentials, shown, args.wait, args.json, lang).await
}

/// `cachedesk retry JOB [--uncertain]`: the failed (and uncertain) URLs of a job as a new job.
pub async fn retry(ctx: &Ctx, args: RetryArgs) -> Result<Exit, Failure> {
    let lang = ctx.lang;
    let desk = ctx.desk()?;
    let engine = desk.engine();
    let old = engine.job(JobId(args.job)).map_err(|e| match e {
        Error::NotFound(_) => Failure::NoJob(args.job),
        other => Failure::Core(other),
    })?;
    let profile = engine.profile(old.profile_id)?;
    let credentials = ctx.credentials(&profile)?;
    let job = engine
        .retry_failed(old.id, &credentials, args.uncertain)
        .await?;
    let shown = Shown {
        refused: None,
        counts: None,
        verify: None,
    };
    run_and_report(&desk, job, &credentials, shown, args.wait, args.json, lang).await
}

/// What the input said, shown beside a job that was read from one, and whether the edge is
/// asked after it (`--verify`).
struct Shown {
    refused: Option<Vec<RejectedLine>>,
    counts: Option<InputCounts>,
    verify: Option<EdgeArgs>,
}

/// Runs a created job with progress, then prints it (text or JSON) and says how it went.
async fn run_and_report(
    desk: &Desk,
    job: JobId,
    credentials: &Credentials,
    shown: Shown,
    wait: bool,
    json: bool,
    lang: Lang,
) -> Result<Exit, Failure> {
    let engine = desk.engine();
    let counts = engine.job(job)?.counts;
    let mut progress = Progress::new(lang, counts.total() - counts.rejected, json);
    let outcome = drive(engine, job, credentials, wait, &mut progress).await;
    let summary = engine.job(job)?;
    progress.update(&summary.counts, wait);
    progress.finish();
    let mut document =
        JobDocument::build(engine, summary, shown.refused, shown.counts, wait, lang)?;
    let finished = outcome.is_ok();
    if let Err(e) = outcome {
        document.job.error.get_or_insert_with(|| JobError::from(&e));
    }
    if let Some(edge) = shown.verify.filter(|_| finished) {
        let options = edge.options_for(desk, job)?;
        document.edge = Some(engine.verify_job(job, options).await?);
    }
    if json {
        print_json(&document)?;
    } else {
        document.print_text(lang);
        if let Some(checks) = &document.edge {
            verify::print_text(checks, lang);
        }
    }
    let edge_exit = match &document.edge {
        Some(checks) if !all_fresh(checks) => Exit::Partial,
        _ => Exit::Ok,
    };
    Ok(document.exit().max(edge_exit))
}

/// Every URL has left the engine and the vendor holds or has answered for some of them (a job
/// of rejected lines only is left to finish by itself).
fn delivered(c: &Counts) -> bool {
    c.pending + c.sending + c.uncertain == 0 && c.accepted + c.completed + c.failed > 0
}

/// Runs the job, showing progress: to the end with `wait`, else until every batch is
/// delivered (the job then stays `running` in the journal; `status` or `resume` finish it).
async fn drive(
    engine: &Engine,
    job: JobId,
    credentials: &Credentials,
    wait: bool,
    progress: &mut Progress,
) -> Result<JobSummary, Error> {
    let mut events = engine.subscribe();
    let run = engine.run_job(job, credentials);
    tokio::pin!(run);
    loop {
        tokio::select! {
            outcome = &mut run => return outcome,
            event = events.recv() => match event {
                Ok(event) if event.job_id == job => {
                    progress.update(&event.counts, wait);
                    if !wait && !event.finished && delivered(&event.counts) {
                        return engine.job(job);
                    }
                }
                Ok(_) | Err(RecvError::Lagged(_)) => {}
                Err(RecvError::Closed) => return run.await,
            },
        }
    }
}

#[derive(Debug, Serialize)]
struct DryRun<'a> {
    dry_run: bool,
    profile: &'a str,
    vendor: &'a str,
    action: &'a str,
    input: InputCounts,
    rejected: Vec<RejectedLine>,
    batch_size: u32,
    batches: Vec<PlannedBatch>,
}

fn dry_run(checked: &Preview, profile: &Profile, json: bool, lang: Lang) -> Result<Exit, Failure> {
    let action = checked.action;
    let batch_size = checked.batch_size;
    let plan = DryRun {
        dry_run: true,
        profile: &profile.name,
        vendor: profile.vendor.slug(),
        action: action.slug(),
        input: checked.counts,
        rejected: RejectedLine::all_refused(checked),
        batch_size,
        batches: checked.batches.clone(),
    };
    if json {
        print_json(&plan)?;
    } else {
        let (valid, refused, requests, name) = (
            checked.urls.len(),
            plan.rejected.len(),
            plan.batches.len(),
            &profile.name,
        );
        let act = crate::words::action(action, lang);
        let (valid_n, requests_n, refused_n) = (
            counted(valid as u64, "URL", "URLs"),
            counted(requests as u64, "request", "requests"),
            counted(refused as u64, "line", "lines"),
        );
        say!(
            "{}",
            tr!(
                lang,
                "Dry run ({act}, profile {name}): {valid_n} to send in {requests_n} of up to {batch_size}, {refused_n} rejected. Nothing was sent.",
                "试运行（{act}，配置 {name}）：{valid} 个 URL 将分 {requests} 次提交（每次最多 {batch_size} 个），{refused} 行被拒绝。未发送任何请求。"
            )
        );
        print_refused(&plan.rejected, lang);
    }
    Ok(if plan.rejected.is_empty() {
        Exit::Ok
    } else {
        Exit::Partial
    })
}

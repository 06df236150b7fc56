//! `cachedesk status`: a local job refreshed from the vendor, or the vendor's own records of a
//! task or a time range (also of tasks submitted elsewhere).

use super::{print_json, Ctx};
use crate::args::{kinds, StatusArgs};
use crate::failure::{Exit, Failure};
use crate::job_view::{sentence_and_words, JobDocument};
use crate::text::{say, tr};
use cachedesk_api::wire::VendorRecord;
use cachedesk_api::HistoryQuery;
use cachedesk_core::{said, Credentials, Error, Kind, Lang, RecordStatus, UrlRecord};
use cachedesk_engine::{Engine, JobId, JobStatus, Profile};
use chrono::Utc;
use serde::Serialize;

pub async fn run(ctx: &Ctx, args: StatusArgs) -> Result<Exit, Failure> {
    let desk = ctx.desk()?;
    let engine = desk.engine();
    if let Some(job) = args.job {
        return job_status(ctx, engine, JobId(job), args.json).await;
    }
    let name = args.profile.as_deref().unwrap_or_default();
    let profile = ctx.profile(engine, name)?;
    let credentials = ctx.credentials(&profile)?;
    let records = match (&args.task, args.since) {
        (Some(task), _) => {
            task_records(engine, &profile, &credentials, &kinds(args.kind), task).await?
        }
        (None, Some(since)) => {
            let query = HistoryQuery {
                kind: args.kind.map(Into::into),
                start: since,
                end: args.until.unwrap_or_else(Utc::now),
                url: args.url.clone(),
            };
            desk.vendor_history_all(&profile, &credentials, &query)
                .await?
        }
        (None, None) => Vec::new(),
    };
    let records: Vec<VendorRecord> = records.into_iter().map(Into::into).collect();
    let exit = if records
        .iter()
        .any(|r| r.record.status == RecordStatus::Failed)
    {
        Exit::Partial
    } else {
        Exit::Ok
    };
    if args.json {
        print_json(&RecordsDocument {
            profile: &profile.name,
            vendor: profile.vendor.slug(),
            count: records.len(),
            records: &records,
        })?;
    } else {
        print_records(&records, ctx.lang);
    }
    Ok(exit)
}

async fn job_status(ctx: &Ctx, engine: &Engine, job: JobId, json: bool) -> Result<Exit, Failure> {
    let mut summary = engine.job(job).map_err(|e| match e {
        Error::NotFound(_) => Failure::NoJob(job.0),
        other => Failure::Core(other),
    })?;
    if summary.status != JobStatus::Finished && summary.counts.accepted > 0 {
        let profile = engine.profile(summary.profile_id)?;
        summary = engine.sync_job(job, &ctx.credentials(&profile)?).await?;
    }
    let document = JobDocument::build(engine, summary, None, None, true, ctx.lang)?;
    if json {
        print_json(&document)?;
    } else {
        document.print_text(ctx.lang);
    }
    Ok(document.exit())
}

/// Every record of one vendor task. The id belongs to one kind: the other kind's refusal is
/// no error as long as one kind knows it.
async fn task_records(
    engine: &Engine,
    profile: &Profile,
    credentials: &Credentials,
    kinds: &[Kind],
    task: &str,
) -> Result<Vec<UrlRecord>, Failure> {
    let mut records = Vec::new();
    let mut refusal = None;
    for kind in kinds {
        match engine
            .remote_task(profile.id, credentials, *kind, task)
            .await
        {
            Ok(found) => records.extend(found),
            Err(e @ (Error::Vendor { .. } | Error::NotFound(_) | Error::InvalidInput(_))) => {
                refusal.get_or_insert(e);
            }
            Err(e) => return Err(e.into()),
        }
    }
    match (records.is_empty(), refusal) {
        (true, Some(e)) => Err(e.into()),
        (true, None) => {
            let vendor = profile.vendor;
            Err(Failure::Core(Error::InvalidInput(said!(
                "{vendor} has no task {task} for this account; check the id, or list recent tasks with `cachedesk status -p NAME --since 7d`",
                "{vendor} 账号下没有任务 {task}；请检查任务号，或用 `cachedesk status -p 名称 --since 7d` 查看近期任务"
            ))))
        }
        (false, _) => Ok(records),
    }
}

#[derive(Serialize)]
struct RecordsDocument<'a> {
    profile: &'a str,
    vendor: &'a str,
    count: usize,
    records: &'a [VendorRecord],
}

fn print_records(records: &[VendorRecord], lang: Lang) {
    if records.is_empty() {
        say!(
            "{}",
            tr!(
                lang,
                "The vendor has no records for this.",
                "服务商没有相关记录。"
            )
        );
    }
    for VendorRecord {
        record: r,
        explanation_en,
        explanation_zh_cn,
        ..
    } in records
    {
        let created = r
            .created_at
            .map(|t| t.to_rfc3339())
            .unwrap_or_else(|| "-".into());
        let task = r.task_id.as_deref().unwrap_or("-");
        let explanation = match lang {
            Lang::En => explanation_en,
            Lang::ZhCn => explanation_zh_cn,
        };
        let reason = sentence_and_words(explanation.as_deref(), r.reason.as_deref(), lang);
        say!(
            "{created}\t{}\t{}\t{task}\t{}\t{reason}",
            crate::words::kind(r.kind, lang),
            crate::words::record_status(r.status, lang),
            r.url
        );
    }
}

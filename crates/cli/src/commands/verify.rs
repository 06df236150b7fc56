//! `cachedesk verify JOB` and `purge --wait --verify`: proof at the edge, as text or JSON, with
//! the edge settings the app saved for the profile unless a flag says otherwise.

use super::{print_json, Ctx};
use crate::args::{EdgeArgs, VerifyArgs};
use crate::failure::{Exit, Failure};
use crate::text::{say, tr};
use cachedesk_api::Desk;
use cachedesk_core::{Action, Error, Lang};
use cachedesk_engine::{all_fresh, tally, EdgeCheck, JobId, ProbeOptions};
use std::time::Duration;

impl EdgeArgs {
    /// How to ask the edge about `job`: its profile's saved settings (the app's), each flag
    /// given here winning.
    pub fn options_for(&self, desk: &Desk, job: JobId) -> Result<ProbeOptions, Failure> {
        let saved = desk.job_edge_settings(job)?;
        Ok(ProbeOptions {
            timeout: Duration::from_secs(self.timeout.max(1)),
            ..saved.options_under(self.origin.clone(), self.resolve.clone())?
        })
    }
}

pub async fn run(ctx: &Ctx, args: VerifyArgs) -> Result<Exit, Failure> {
    let desk = ctx.desk()?;
    let engine = desk.engine();
    let job = engine.job(JobId(args.job)).map_err(|e| match e {
        Error::NotFound(_) => Failure::NoJob(args.job),
        other => Failure::Core(other),
    })?;
    let options = args.edge.options_for(&desk, job.id)?;
    if args.url.is_empty() && job.action == Action::PurgeDirectories {
        return Err(Failure::NeedSampleUrls(job.id.0));
    }
    let mut checks = Vec::new();
    for url in &args.url {
        checks.push(engine.verify_url(job.id, url, options.clone()).await?);
    }
    if args.url.is_empty() {
        checks = engine.verify_job(job.id, options).await?;
    }
    print_checks(job.id, &checks, args.json, ctx.lang)
}

/// Prints what the edge said; exit 0 when every URL is fresh.
fn print_checks(job: JobId, checks: &[EdgeCheck], json: bool, lang: Lang) -> Result<Exit, Failure> {
    if json {
        print_json(&serde_json::json!({
            "job_id": job,
            "counts": tally(checks),
            "urls": checks,
        }))?;
    } else {
        print_text(checks, lang);
    }
    Ok(if all_fresh(checks) {
        Exit::Ok
    } else {
        Exit::Partial
    })
}

pub(super) fn print_text(checks: &[EdgeCheck], lang: Lang) {
    if checks.is_empty() {
        say!(
            "{}",
            tr!(
                lang,
                "No finished URL to check at the edge yet.",
                "暂无已完成的 URL 可在节点上检查。"
            )
        );
        return;
    }
    let mut parts: Vec<(&str, u64)> = Vec::new();
    for c in checks {
        let name = crate::words::verdict(c.checked.verdict, lang);
        match parts.iter_mut().find(|(n, _)| *n == name) {
            Some((_, count)) => *count += 1,
            None => parts.push((name, 1)),
        }
    }
    let summary: Vec<String> = parts
        .iter()
        .map(|(name, n)| match lang {
            Lang::En => format!("{n} {name}"),
            Lang::ZhCn => format!("{name} {n}"),
        })
        .collect();
    say!("{}", summary.join(" · "));
    for c in checks {
        let (line, url) = (c.line, &c.checked.url);
        let sentence = c.checked.verdict.sentence(lang);
        let why = c
            .checked
            .error
            .as_deref()
            .map(|e| format!(" ({e})"))
            .unwrap_or_default();
        say!(
            "  {}",
            tr!(
                lang,
                "line {line} {url}: {sentence}{why}",
                "第 {line} 行 {url}：{sentence}{why}"
            )
        );
    }
}

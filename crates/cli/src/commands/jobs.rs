//! `cachedesk jobs` and `cachedesk export`: the local journal.

use super::{print_json, Ctx};
use crate::args::{ExportArgs, JobsArgs};
use crate::failure::{Exit, Failure};
use crate::text::{counted, say, tr};
use cachedesk_api::spreadsheet::UTF8_BOM;
use cachedesk_api::wire::JobSummary;
use cachedesk_core::{said, Error};
use cachedesk_engine::{JobFilter, JobId, PageRequest};
use std::io::Write;
use std::path::Path;

pub fn list(ctx: &Ctx, args: JobsArgs) -> Result<Exit, Failure> {
    let page = ctx.engine()?.jobs(
        &JobFilter::default(),
        PageRequest {
            offset: 0,
            limit: args.limit,
        },
    )?;
    if args.json {
        let jobs: Vec<JobSummary> = page.items.into_iter().map(JobSummary::from).collect();
        print_json(&serde_json::json!({ "total": page.total, "jobs": jobs }))?;
        return Ok(Exit::Ok);
    }
    if page.items.is_empty() {
        say!("{}", tr!(ctx.lang, "No jobs yet.", "还没有任务。"));
    }
    for j in &page.items {
        let c = &j.counts;
        let (total, completed, failed, rejected) = (c.total(), c.completed, c.failed, c.rejected);
        let total_n = counted(total, "line", "lines");
        let counts = tr!(
            ctx.lang,
            "{total_n}, {completed} completed, {failed} failed, {rejected} rejected",
            "共 {total} 行，成功 {completed}，失败 {failed}，未提交 {rejected}"
        );
        say!(
            "{}\t{}\t{}\t{}\t{}\t{counts}",
            j.id,
            j.created_at.format("%Y-%m-%d %H:%M:%S"),
            j.profile_name,
            crate::words::action(j.action, ctx.lang),
            crate::words::job_status(j.status, ctx.lang),
        );
    }
    Ok(Exit::Ok)
}

pub fn export(ctx: &Ctx, args: ExportArgs) -> Result<Exit, Failure> {
    let engine = ctx.engine()?;
    let job = JobId(args.job);
    engine.job(job).map_err(|e| match e {
        Error::NotFound(_) => Failure::NoJob(args.job),
        other => Failure::Core(other),
    })?;
    let file = args.csv.display().to_string();
    let bom: &[u8] = if args.bom { UTF8_BOM } else { b"" };
    let cannot_write =
        |e: std::io::Error| Failure::Core(Error::storage_from(format!("{file}: {e}"), e));
    if args.csv == Path::new("-") {
        let mut out = std::io::stdout().lock();
        out.write_all(bom).map_err(cannot_write)?;
        engine.export_csv(job, out)?;
        return Ok(Exit::Ok);
    }
    let out = std::fs::File::create(&args.csv).map_err(|e| {
        Failure::Core(Error::InvalidInput(said!(
            "cannot create {file} ({e}); check the folder exists and is writable",
            "无法创建 {file}（{e}）；请检查目录是否存在且可写"
        )))
    })?;
    let mut out = std::io::BufWriter::new(out);
    out.write_all(bom).map_err(cannot_write)?;
    let rows = engine.export_csv(job, &mut out)?;
    out.flush().map_err(cannot_write)?;
    say!(
        "{}",
        tr!(
            ctx.lang,
            "Wrote {rows} rows to {file}.",
            "已写入 {rows} 行到 {file}。"
        )
    );
    Ok(Exit::Ok)
}

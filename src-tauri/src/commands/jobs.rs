use crate::ipc::{
    count, parse_id, ExportRequest, JobDetail, JobPage, JobStatus, JobSummary, JobUrlPage,
    JobUrlsRequest, ListJobsRequest,
};
use crate::runner;
use crate::shell::{Reply, Shell};
use cachedesk_core::{Error, Result};
use cachedesk_engine::{JobFilter, JobId, PageRequest, ProfileId};
use std::io::BufWriter;
use tauri::State;

/// Rows read at a time when the shell walks a whole list.
const PAGE: u32 = 1000;

#[tauri::command]
#[specta::specta]
pub async fn list_jobs(shell: State<'_, Shell>, request: ListJobsRequest) -> Reply<JobPage> {
    shell.reply(list(&shell, &request))
}

fn list(shell: &Shell, request: &ListJobsRequest) -> Result<JobPage> {
    let f = &request.filter;
    let mut filter = JobFilter {
        profile: f
            .profile_id
            .as_deref()
            .map(parse_id)
            .transpose()?
            .map(ProfileId),
        action: f.action,
        status: None,
        url_contains: f
            .query
            .as_deref()
            .map(str::trim)
            .filter(|q| !q.is_empty())
            .map(str::to_owned),
        from: f.from,
        to: f.to,
    };
    let Some(wanted) = f.status else {
        let page = shell.engine.jobs(
            &filter,
            PageRequest {
                offset: request.offset,
                limit: request.limit,
            },
        )?;
        return Ok(JobPage {
            items: page.items.into_iter().map(JobSummary::from).collect(),
            total: page.total,
        });
    };
    // The editor's statuses split the engine's (a finished job is completed, partial or
    // failed), so the jobs they may come from are gathered, told apart, then paged here.
    let mut matching = Vec::new();
    for status in wanted.engine_statuses() {
        filter.status = Some(*status);
        matching.extend(
            all_jobs(shell, &filter)?
                .into_iter()
                .filter(|job| JobStatus::of(job) == wanted),
        );
    }
    matching.sort_by_key(|job| std::cmp::Reverse((job.created_at, job.id)));
    let total = count(matching.len());
    let items = matching
        .into_iter()
        .skip(usize::try_from(request.offset).unwrap_or(usize::MAX))
        .take(usize::try_from(request.limit).unwrap_or(usize::MAX))
        .map(JobSummary::from)
        .collect();
    Ok(JobPage { items, total })
}

/// Every job matching `filter`, page by page.
fn all_jobs(shell: &Shell, filter: &JobFilter) -> Result<Vec<cachedesk_engine::JobSummary>> {
    let mut jobs = Vec::new();
    loop {
        let page = shell.engine.jobs(
            filter,
            PageRequest {
                offset: count(jobs.len()),
                limit: PAGE,
            },
        )?;
        let last = page.items.is_empty() || count(jobs.len() + page.items.len()) >= page.total;
        jobs.extend(page.items);
        if last {
            return Ok(jobs);
        }
    }
}

#[tauri::command]
#[specta::specta]
pub async fn get_job(shell: State<'_, Shell>, id: String) -> Reply<JobDetail> {
    shell.reply((|| {
        let id = Shell::job_id(&id)?;
        let job = shell.engine.job(id)?.into();
        Ok(JobDetail {
            job,
            task_ids: task_ids(&shell, id)?,
        })
    })())
}

/// The vendor task ids of a job, in the order its lines got them.
fn task_ids(shell: &Shell, job: JobId) -> Result<Vec<String>> {
    let mut ids: Vec<String> = Vec::new();
    let mut offset = 0;
    loop {
        let page = shell.engine.job_urls(
            job,
            None,
            PageRequest {
                offset,
                limit: PAGE,
            },
        )?;
        for task in page.items.iter().filter_map(|u| u.task_id.as_ref()) {
            if !ids.contains(task) {
                ids.push(task.clone());
            }
        }
        offset += u64::from(PAGE);
        if page.items.is_empty() || offset >= page.total {
            return Ok(ids);
        }
    }
}

#[tauri::command]
#[specta::specta]
pub async fn job_urls(shell: State<'_, Shell>, request: JobUrlsRequest) -> Reply<JobUrlPage> {
    shell.reply((|| {
        let page = shell.engine.job_urls(
            Shell::job_id(&request.job_id)?,
            request.state.map(Into::into),
            PageRequest {
                offset: request.offset,
                limit: request.limit,
            },
        )?;
        Ok(JobUrlPage {
            items: page.items.into_iter().map(Into::into).collect(),
            total: page.total,
        })
    })())
}

/// Submits the failed URLs of a job again as a new job.
#[tauri::command]
#[specta::specta]
pub async fn retry_failed(shell: State<'_, Shell>, id: String) -> Reply<JobSummary> {
    let job = shell.reply(Shell::job_id(&id).and_then(|id| shell.engine.job(id)))?;
    let profile = shell.reply(shell.engine.profile(job.profile_id))?;
    let credentials = shell.reply(shell.credentials(&profile))?;
    let retry = shell.reply(shell.engine.retry_failed(job.id, &credentials).await)?;
    runner::run(shell.engine.clone(), retry, credentials);
    shell.reply(shell.engine.job(retry)).map(JobSummary::from)
}

/// Writes one CSV line per URL; returns the number of rows written.
#[tauri::command]
#[specta::specta]
pub async fn export_job_csv(shell: State<'_, Shell>, request: ExportRequest) -> Reply<u64> {
    shell.reply((|| {
        let job = Shell::job_id(&request.job_id)?;
        let file = std::fs::File::create(&request.path)
            .map_err(|e| Error::InvalidInput(format!("cannot write {} ({e})", request.path)))?;
        shell.engine.export_csv(job, BufWriter::new(file))
    })())
}

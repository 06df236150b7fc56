use crate::ipc::{
    parse_id, ExportRequest, JobDetail, JobPage, JobStatus, JobSummary, JobUrlPage, JobUrlsRequest,
    ListJobsRequest,
};
use crate::runner;
use crate::shell::{Reply, Shell};
use cachedesk_core::{Error, Result};
use cachedesk_engine::{JobFilter, JobId, PageRequest, ProfileId};
use std::io::BufWriter;
use tauri::State;

/// URLs read at a time when collecting a job's task ids.
const TASK_ID_PAGE: u32 = 1000;

#[tauri::command]
#[specta::specta]
pub async fn list_jobs(shell: State<'_, Shell>, request: ListJobsRequest) -> Reply<JobPage> {
    shell.reply(list(&shell, &request))
}

fn list(shell: &Shell, request: &ListJobsRequest) -> Result<JobPage> {
    let f = &request.filter;
    let filter = JobFilter {
        profile: f
            .profile_id
            .as_deref()
            .map(parse_id)
            .transpose()?
            .map(ProfileId),
        action: f.action,
        status: f.status.map(JobStatus::engine_status),
        url_contains: f
            .query
            .as_deref()
            .map(str::trim)
            .filter(|q| !q.is_empty())
            .map(str::to_owned),
        from: f.from,
        to: f.to,
    };
    let page = shell.engine.jobs(
        &filter,
        PageRequest {
            offset: request.offset,
            limit: request.limit,
        },
    )?;
    // The engine keeps one `finished` status; completed, partial and failed split it.
    let items = page
        .items
        .into_iter()
        .map(JobSummary::from)
        .filter(|job| f.status.is_none_or(|s| s == job.status))
        .collect();
    Ok(JobPage {
        items,
        total: page.total,
    })
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
                limit: TASK_ID_PAGE,
            },
        )?;
        for task in page.items.iter().filter_map(|u| u.task_id.as_ref()) {
            if !ids.contains(task) {
                ids.push(task.clone());
            }
        }
        offset += u64::from(TASK_ID_PAGE);
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

use crate::ipc::{
    ExportRequest, JobDetail, JobPage, JobSummary, JobUrlPage, JobUrlsRequest, ListJobsRequest,
};
use crate::runner;
use crate::shell::{Ready, Reply, Shell};
use cachedesk_api::spreadsheet::for_spreadsheets;
use cachedesk_core::{said, Credentials, Error, Result};
use cachedesk_engine::{JobId, PageRequest};
use std::io::BufWriter;
use tauri::{AppHandle, State};

#[tauri::command]
#[specta::specta]
pub async fn list_jobs(ready: State<'_, Ready>, request: ListJobsRequest) -> Reply<JobPage> {
    let shell = ready.shell().await;
    shell.reply(list(shell, &request))
}

fn list(shell: &Shell, request: &ListJobsRequest) -> Result<JobPage> {
    let page = shell.engine.jobs(
        &request.filter.engine()?,
        PageRequest {
            offset: request.offset,
            limit: request.limit,
        },
    )?;
    Ok(JobPage {
        items: page.items.into_iter().map(JobSummary::from).collect(),
        total: page.total,
        more: page.more,
    })
}

#[tauri::command]
#[specta::specta]
pub async fn get_job(ready: State<'_, Ready>, id: String) -> Reply<JobDetail> {
    let shell = ready.shell().await;
    shell.reply(detail(shell, &id))
}

fn detail(shell: &Shell, id: &str) -> Result<JobDetail> {
    let id = Shell::job_id(id)?;
    Ok(JobDetail {
        job: shell.engine.job(id)?.into(),
        task_ids: shell.engine.task_ids(id)?,
    })
}

#[tauri::command]
#[specta::specta]
pub async fn job_urls(ready: State<'_, Ready>, request: JobUrlsRequest) -> Reply<JobUrlPage> {
    let shell = ready.shell().await;
    shell.reply(urls(shell, &request))
}

fn urls(shell: &Shell, request: &JobUrlsRequest) -> Result<JobUrlPage> {
    let page = shell.engine.job_urls(
        Shell::job_id(&request.job_id)?,
        request.state,
        PageRequest {
            offset: request.offset,
            limit: request.limit,
        },
    )?;
    Ok(JobUrlPage {
        items: page.items.into_iter().map(Into::into).collect(),
        total: page.total,
    })
}

/// Submits the failed URLs of a job again as a new job; `with_uncertain` adds the URLs whose
/// submit may or may not have reached the vendor.
#[tauri::command]
#[specta::specta]
pub async fn retry_failed(
    app: AppHandle,
    ready: State<'_, Ready>,
    id: String,
    with_uncertain: bool,
) -> Reply<JobSummary> {
    let shell = ready.shell().await;
    shell.reply(retry(app, shell, &id, with_uncertain).await)
}

async fn retry(
    app: AppHandle,
    shell: &Shell,
    id: &str,
    with_uncertain: bool,
) -> Result<JobSummary> {
    let (job, credentials) = job_and_credentials(shell, id)?;
    let retry = shell
        .engine
        .retry_failed(job, &credentials, with_uncertain)
        .await?;
    runner::run(app, retry, credentials);
    shell.engine.job(retry).map(JobSummary::from)
}

/// Runs a stopped job again from where it stopped (after the keys, the quota or the network
/// were fixed): nothing already accepted is sent twice. Returns the job as it then stands;
/// progress follows as events.
#[tauri::command]
#[specta::specta]
pub async fn resume_job(app: AppHandle, ready: State<'_, Ready>, id: String) -> Reply<JobSummary> {
    let shell = ready.shell().await;
    shell.reply(resume(app, shell, &id))
}

fn resume(app: AppHandle, shell: &Shell, id: &str) -> Result<JobSummary> {
    let (job, credentials) = job_and_credentials(shell, id)?;
    runner::run(app, job, credentials);
    shell.engine.job(job).map(JobSummary::from)
}

/// A job and the keys of its profile, to run it with.
fn job_and_credentials(shell: &Shell, id: &str) -> Result<(JobId, Credentials)> {
    let job = shell.engine.job(Shell::job_id(id)?)?;
    let profile = shell.engine.profile(job.profile_id)?;
    Ok((job.id, shell.credentials(&profile)?))
}

/// Writes one CSV line per URL to the path chosen in the save dialog (`pick_csv_destination`);
/// returns the number of rows written.
#[tauri::command]
#[specta::specta]
pub async fn export_job_csv(ready: State<'_, Ready>, request: ExportRequest) -> Reply<u64> {
    let shell = ready.shell().await;
    shell.reply(export(shell, &request))
}

fn export(shell: &Shell, request: &ExportRequest) -> Result<u64> {
    let job = Shell::job_id(&request.job_id)?;
    let path = shell.chosen.writable(&request.path)?;
    let cannot_write = |e: std::io::Error| {
        Error::InvalidInput(said!(
            "cannot write {} ({e})",
            "无法写入 {}（{e}）",
            request.path
        ))
    };
    let file = std::fs::File::create(&path).map_err(cannot_write)?;
    let out = for_spreadsheets(BufWriter::new(file)).map_err(cannot_write)?;
    shell.engine.export_csv(job, out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::test_shell as shell;
    use cachedesk_core::ErrorCode;

    #[test]
    fn export_job_csv_writes_only_where_the_save_dialog_said() {
        let dir = tempfile::tempdir().unwrap();
        let shell = shell(dir.path());
        let target = dir.path().join("elsewhere.csv");
        let request = ExportRequest {
            job_id: "1".into(),
            path: target.display().to_string(),
        };
        let refused = export(&shell, &request).unwrap_err();
        assert_eq!(refused.code(), ErrorCode::InvalidInput);
        assert!(!target.exists(), "nothing written");

        // Chosen in the save dialog: the path passes (and the missing job is the only error).
        shell.chosen.allow_write(target.clone());
        assert_eq!(
            export(&shell, &request).unwrap_err().code(),
            ErrorCode::NotFound
        );
    }
}

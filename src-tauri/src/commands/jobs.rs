use crate::ipc::{
    ExportRequest, JobDetail, JobPage, JobSummary, JobUrlPage, JobUrlsRequest, ListJobsRequest,
};
use crate::runner;
use crate::shell::{Reply, Shell};
use cachedesk_core::{Error, Result};
use cachedesk_engine::PageRequest;
use std::io::BufWriter;
use tauri::{AppHandle, State};

#[tauri::command]
#[specta::specta]
pub async fn list_jobs(shell: State<'_, Shell>, request: ListJobsRequest) -> Reply<JobPage> {
    shell.reply(list(&shell, &request))
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
            task_ids: shell.engine.task_ids(id)?,
        })
    })())
}

#[tauri::command]
#[specta::specta]
pub async fn job_urls(shell: State<'_, Shell>, request: JobUrlsRequest) -> Reply<JobUrlPage> {
    shell.reply((|| {
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
    })())
}

/// Submits the failed URLs of a job again as a new job; `with_uncertain` adds the URLs whose
/// submit may or may not have reached the vendor.
#[tauri::command]
#[specta::specta]
pub async fn retry_failed(
    app: AppHandle,
    shell: State<'_, Shell>,
    id: String,
    with_uncertain: bool,
) -> Reply<JobSummary> {
    let job = shell.reply(Shell::job_id(&id).and_then(|id| shell.engine.job(id)))?;
    let profile = shell.reply(shell.engine.profile(job.profile_id))?;
    let credentials = shell.reply(shell.credentials(&profile))?;
    let retry = shell.reply(
        shell
            .engine
            .retry_failed(job.id, &credentials, with_uncertain)
            .await,
    )?;
    runner::run(app, retry, credentials);
    shell.reply(shell.engine.job(retry)).map(JobSummary::from)
}

/// Runs a stopped job again from where it stopped (after the keys, the quota or the network
/// were fixed): nothing already accepted is sent twice. Returns the job as it then stands;
/// progress follows as events.
#[tauri::command]
#[specta::specta]
pub async fn resume_job(app: AppHandle, shell: State<'_, Shell>, id: String) -> Reply<JobSummary> {
    let job = shell.reply(Shell::job_id(&id).and_then(|id| shell.engine.job(id)))?;
    let profile = shell.reply(shell.engine.profile(job.profile_id))?;
    let credentials = shell.reply(shell.credentials(&profile))?;
    runner::run(app, job.id, credentials);
    shell.reply(shell.engine.job(job.id)).map(JobSummary::from)
}

/// Writes one CSV line per URL to the path chosen in the save dialog (`pick_csv_destination`);
/// returns the number of rows written.
#[tauri::command]
#[specta::specta]
pub async fn export_job_csv(shell: State<'_, Shell>, request: ExportRequest) -> Reply<u64> {
    shell.reply(export(&shell, &request))
}

fn export(shell: &Shell, request: &ExportRequest) -> Result<u64> {
    let job = Shell::job_id(&request.job_id)?;
    let path = shell.chosen.writable(&request.path, shell.prefs.lang())?;
    let file = std::fs::File::create(&path)
        .map_err(|e| Error::InvalidInput(format!("cannot write {} ({e})", request.path)))?;
    shell.engine.export_csv(job, BufWriter::new(file))
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

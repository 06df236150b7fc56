use crate::ipc::{InputRequest, JobSummary, Preview, SubmitRequest};
use crate::runner;
use crate::shell::{Reply, Shell};
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn preview_input(shell: State<'_, Shell>, request: InputRequest) -> Reply<Preview> {
    let profile = shell.reply(shell.profile(&request.profile_id))?;
    // The quota is a hint here: without keys or network the preview still shows the lines.
    let quota = shell.desk.quota_hint(&profile).await;
    let preview = cachedesk_engine::preview(
        &request.input(),
        &profile,
        request.action,
        quota.as_ref(),
        shell.prefs.lang(),
    );
    Ok(preview.into())
}

/// Journals the job (after the quota check) and runs it in the background; progress
/// arrives as `job-progress` events.
#[tauri::command]
#[specta::specta]
pub async fn submit_job(shell: State<'_, Shell>, request: SubmitRequest) -> Reply<JobSummary> {
    let input = &request.input;
    let profile = shell.reply(shell.profile(&input.profile_id))?;
    let credentials = shell.reply(shell.credentials(&profile))?;
    let preview = cachedesk_engine::preview(
        &input.input(),
        &profile,
        input.action,
        None,
        shell.prefs.lang(),
    );
    let job = preview.job_request(request.start_at);
    let id = shell.reply(shell.engine.create_job(&job, &credentials).await)?;
    runner::run(shell.engine.clone(), id, credentials);
    shell.reply(shell.engine.job(id)).map(JobSummary::from)
}

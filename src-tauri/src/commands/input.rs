use crate::input;
use crate::ipc::{InputRequest, JobSummary, Preview, SubmitRequest};
use crate::runner;
use crate::shell::{Reply, Shell};
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn preview_input(shell: State<'_, Shell>, request: InputRequest) -> Reply<Preview> {
    let profile = shell.reply(shell.profile(&request.profile_id))?;
    let checked = input::read(&request, &profile, shell.prefs.lang());
    // The quota is a hint here: without keys or network the preview still shows the lines.
    let quota = match shell.credentials(&profile) {
        Ok(credentials) => shell
            .engine
            .quota(profile.id, &credentials)
            .await
            .ok()
            .flatten(),
        Err(_) => None,
    };
    Ok(checked.preview(&profile, request.action, quota.as_ref()))
}

/// Journals the job (after the quota check) and runs it in the background; progress
/// arrives as `job-progress` events.
#[tauri::command]
#[specta::specta]
pub async fn submit_job(shell: State<'_, Shell>, request: SubmitRequest) -> Reply<JobSummary> {
    let input = &request.input;
    let profile = shell.reply(shell.profile(&input.profile_id))?;
    let credentials = shell.reply(shell.credentials(&profile))?;
    let checked = input::read(input, &profile, shell.prefs.lang());
    let job = checked.job_request(&profile, input.action, request.start_at);
    let id = shell.reply(shell.engine.create_job(&job, &credentials).await)?;
    runner::run(shell.engine.clone(), id, credentials);
    shell.reply(shell.engine.job(id)).map(JobSummary::from)
}

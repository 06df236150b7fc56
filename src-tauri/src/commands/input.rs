use crate::ipc::{InputRequest, JobSummary, Preview, SubmitRequest};
use crate::runner;
use crate::shell::{Reply, Shell};
use tauri::{AppHandle, State};

#[tauri::command]
#[specta::specta]
pub async fn preview_input(shell: State<'_, Shell>, request: InputRequest) -> Reply<Preview> {
    let profile = shell.reply(shell.profile(&request.profile_id))?;
    let files = shell.reply(shell.chosen.readable(&request.paths, shell.prefs.lang()))?;
    // The quota is a hint here: without keys or network the preview still shows the lines.
    let quota = shell.desk.quota_hint(&profile).await;
    let preview = cachedesk_engine::preview(
        &request.input(files),
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
pub async fn submit_job(
    app: AppHandle,
    shell: State<'_, Shell>,
    request: SubmitRequest,
) -> Reply<JobSummary> {
    let input = &request.input;
    let profile = shell.reply(shell.profile(&input.profile_id))?;
    let credentials = shell.reply(shell.credentials(&profile))?;
    let files = shell.reply(shell.chosen.readable(&input.paths, shell.prefs.lang()))?;
    let preview = cachedesk_engine::preview(
        &input.input(files),
        &profile,
        input.action,
        None,
        shell.prefs.lang(),
    );
    let job = preview.job_request(request.start_at);
    let id = shell.reply(shell.engine.create_job(&job, &credentials).await)?;
    runner::run(app, id, credentials);
    shell.reply(shell.engine.job(id)).map(JobSummary::from)
}

#[cfg(test)]
mod tests {
    use crate::commands::files::Chosen;
    use cachedesk_core::{ErrorCode, Lang};

    #[test]
    fn preview_input_reads_no_file_the_person_did_not_choose() {
        let dir = tempfile::tempdir().unwrap();
        let secret = dir.path().join("id_ed25519");
        std::fs::write(&secret, "not a URL list").unwrap();
        let chosen = Chosen::default();
        let paths = [secret.display().to_string()];
        assert_eq!(
            chosen.readable(&paths, Lang::En).unwrap_err().code(),
            ErrorCode::InvalidInput
        );
        chosen.allow_read([secret]);
        assert_eq!(chosen.readable(&paths, Lang::En).unwrap().len(), 1);
    }
}

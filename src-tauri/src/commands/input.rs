use crate::ipc::{InputProgress, InputRequest, JobSummary, Preview, SubmitRequest};
use crate::runner;
use crate::shell::{Ready, Reply, Shell};
use cachedesk_core::{Error, Quota};
use cachedesk_engine::Profile;
use tauri::{AppHandle, State};
use tauri_specta::Event;

/// Reads and checks the input on a blocking thread: a file of a million lines takes a second,
/// which on an async worker would hold up every other command and event of the window. Its
/// progress goes to the window as `input-progress`.
async fn preview_off_runtime(
    app: &AppHandle,
    shell: &Shell,
    request: &InputRequest,
    profile: Profile,
    quota: Option<Quota>,
) -> Reply<cachedesk_engine::Preview> {
    let files = shell.reply(shell.chosen.readable(&request.paths))?;
    let (input, action, lang) = (request.input(files), request.action, shell.prefs.lang());
    let app = app.clone();
    let checked = tauri::async_runtime::spawn_blocking(move || {
        let mut tell_window = |progress: cachedesk_engine::InputProgress| {
            if let Err(e) = InputProgress::from(progress).emit(&app) {
                tracing::warn!(error = %e, "cannot send the input's progress to the window");
            }
        };
        cachedesk_engine::preview_with_progress(
            &input,
            &profile,
            action,
            quota.as_ref(),
            lang,
            &mut tell_window,
        )
    })
    .await
    .map_err(|e| Error::Internal(format!("the input check ended early: {e}")));
    shell.reply(checked)
}

#[tauri::command]
#[specta::specta]
pub async fn preview_input(
    app: AppHandle,
    ready: State<'_, Ready>,
    request: InputRequest,
) -> Reply<Preview> {
    let shell = ready.shell().await;
    let profile = shell.reply(shell.profile(&request.profile_id))?;
    // The quota is a hint here: without keys or network the preview still shows the lines.
    let quota = shell.desk.quota_hint(&profile).await;
    let any_host_warning =
        cachedesk_api::any_host_warning(&profile.domains, shell.prefs.lang()).map(str::to_owned);
    let checked = preview_off_runtime(&app, shell, &request, profile, quota).await?;
    Ok(Preview {
        any_host_warning,
        ..checked.into()
    })
}

/// Journals the job (after the quota check) and runs it in the background; progress
/// arrives as `job-progress` events.
#[tauri::command]
#[specta::specta]
pub async fn submit_job(
    app: AppHandle,
    ready: State<'_, Ready>,
    request: SubmitRequest,
) -> Reply<JobSummary> {
    let shell = ready.shell().await;
    let input = &request.input;
    let profile = shell.reply(shell.profile(&input.profile_id))?;
    let credentials = shell.reply(shell.credentials(&profile))?;
    let preview = preview_off_runtime(&app, shell, input, profile, None).await?;
    let job = preview.job_request(request.start_at);
    let id = shell.reply(shell.engine.create_job(&job, &credentials).await)?;
    runner::run(app, id, credentials);
    shell.reply(shell.engine.job(id)).map(JobSummary::from)
}

#[cfg(test)]
mod tests {
    use crate::commands::files::Chosen;
    use cachedesk_core::ErrorCode;

    #[test]
    fn preview_input_reads_no_file_the_person_did_not_choose() {
        let dir = tempfile::tempdir().unwrap();
        let secret = dir.path().join("id_ed25519");
        std::fs::write(&secret, "not a URL list").unwrap();
        let chosen = Chosen::default();
        let paths = [secret.display().to_string()];
        assert_eq!(
            chosen.readable(&paths).unwrap_err().code(),
            ErrorCode::InvalidInput
        );
        chosen.allow_read([secret]);
        assert_eq!(chosen.readable(&paths).unwrap().len(), 1);
    }
}

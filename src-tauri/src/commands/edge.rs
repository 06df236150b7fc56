//! Proof at the edge from the job view: check a finished job, read its last check, and each
//! profile's edge settings. The checking itself is the application layer's (`Desk`).

use crate::ipc::{EdgeChecked, EdgeReport, EdgeSettings};
use crate::shell::{Ready, Reply, Shell};
use cachedesk_api::uncheckable;
use cachedesk_core::Result;
use cachedesk_engine::JobId;
use tauri::{AppHandle, Manager, State};
use tauri_specta::Event;

/// Asks the edge nearest this computer for every finished URL of the job (a demo profile's
/// go to the built-in simulator's edge) and keeps the verdicts; answers with the job's
/// report. A directory purge is not checked: the report says why.
#[tauri::command]
#[specta::specta]
pub async fn check_edge(ready: State<'_, Ready>, id: String) -> Reply<EdgeReport> {
    let shell = ready.shell().await;
    let checked = check(shell, &id)
        .await
        .and_then(|job| report(shell, job, None));
    shell.reply(checked)
}

async fn check(shell: &Shell, id: &str) -> Result<JobId> {
    let job = shell.engine.job(Shell::job_id(id)?)?;
    if uncheckable(job.action).is_none() {
        let local_edge = shell.demo.edge_address().await;
        shell.desk.verify_job(job.id, local_edge).await?;
    }
    Ok(job.id)
}

/// Asks the edge again for one finished URL of the job (a row's "check this URL"), or for a
/// sample URL under a finished directory of a directory purge; answers with the job's report,
/// that URL listed (first, when it would not be listed otherwise).
#[tauri::command]
#[specta::specta]
pub async fn check_edge_url(ready: State<'_, Ready>, id: String, url: String) -> Reply<EdgeReport> {
    let shell = ready.shell().await;
    shell.reply(check_url(shell, &id, &url).await)
}

async fn check_url(shell: &Shell, id: &str, url: &str) -> Result<EdgeReport> {
    let job = Shell::job_id(id)?;
    let local_edge = shell.demo.edge_address().await;
    let checked = shell.desk.verify_url(job, url, local_edge).await?;
    report(shell, job, Some(checked.line))
}

/// The last edge check of the job (no URL before the first).
#[tauri::command]
#[specta::specta]
pub async fn edge_report(ready: State<'_, Ready>, id: String) -> Reply<EdgeReport> {
    let shell = ready.shell().await;
    shell.reply(Shell::job_id(&id).and_then(|job| report(shell, job, None)))
}

/// The report of `job`, the URL of line `first` listed.
fn report(shell: &Shell, job: JobId, first: Option<u32>) -> Result<EdgeReport> {
    let action = shell.engine.job(job)?.action;
    let overview = shell.engine.edge_overview(job, EdgeReport::SHOWN, first)?;
    Ok(EdgeReport::new(job, action, overview))
}

#[tauri::command]
#[specta::specta]
pub async fn edge_settings(ready: State<'_, Ready>, profile_id: String) -> Reply<EdgeSettings> {
    let shell = ready.shell().await;
    let profile = shell.reply(shell.profile(&profile_id))?;
    Ok(shell.desk.edge_settings(&profile).into())
}

/// Keeps a profile's edge settings (checked: an http(s) origin, `HOST:PORT:ADDRESS` lines).
#[tauri::command]
#[specta::specta]
pub async fn save_edge_settings(
    ready: State<'_, Ready>,
    profile_id: String,
    settings: EdgeSettings,
) -> Reply<EdgeSettings> {
    let shell = ready.shell().await;
    let saved = shell
        .profile(&profile_id)
        .and_then(|profile| shell.desk.edge_profiles().save(&profile, settings.into()));
    shell.reply(saved.map(Into::into))
}

/// After a job ended: the check its profile asks for, then `edge-checked` to the window.
pub async fn after_job(app: &AppHandle, job: JobId) {
    let ready = app.state::<Ready>();
    let shell = ready.shell().await;
    match shell.desk.auto_checks(job) {
        Ok(true) => {}
        Ok(false) => return,
        Err(e) => return tracing::warn!(%job, error = %e, "no edge check"),
    }
    if let Err(e) = check(shell, &job.to_string()).await {
        return tracing::warn!(%job, error = %e, "the edge check failed");
    }
    let event = EdgeChecked {
        job_id: job.to_string(),
    };
    if let Err(e) = event.emit(app) {
        tracing::warn!(error = %e, "cannot tell the window of the edge check");
    }
}

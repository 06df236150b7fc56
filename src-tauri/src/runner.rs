//! Jobs in the background: running, resuming at start, and telling the window (and the
//! desktop) how they are doing.

use crate::commands::edge;
use crate::ipc::JobProgress;
use crate::shell::{Ready, Shell};
use crate::text::{job_finished, job_stopped};
use cachedesk_core::Credentials;
use cachedesk_engine::{JobEvent, JobId, JobStatus};
use tauri::{AppHandle, Manager};
use tauri_plugin_notification::NotificationExt;
use tauri_specta::Event;
use tokio::sync::broadcast::{error::RecvError, Receiver};

/// Runs a journaled job to its end, then checks it at the edge when its profile asks; a stop
/// (keys, quota, network) stays in the journal.
pub fn run(app: AppHandle, job: JobId, credentials: Credentials) {
    tauri::async_runtime::spawn(async move {
        let engine = app.state::<Ready>().shell().await.engine.clone();
        match engine.run_job(job, &credentials).await {
            Ok(_) => edge::after_job(&app, job).await,
            Err(e) => tracing::warn!(%job, error = %e, "a job stopped"),
        }
    });
}

/// At start, once the shell is open: progress events, then every job the last run left
/// unfinished (demo mode's simulator is up again already: `Demo::at_launch`).
pub fn start(app: AppHandle) {
    tauri::async_runtime::spawn(async move {
        let ready = app.state::<Ready>();
        let shell = ready.shell().await;
        forward_progress(app.clone(), shell.engine.subscribe());
        let credentials = |p: &cachedesk_engine::Profile| shell.credentials(p);
        match shell.engine.resume(&credentials).await {
            Ok(runs) => {
                for (job, outcome) in runs {
                    match outcome {
                        Ok(_) => edge::after_job(&app, job).await,
                        Err(e) => tracing::warn!(%job, error = %e, "a resumed job stopped"),
                    }
                }
            }
            Err(e) => tracing::warn!(error = %e, "cannot resume unfinished jobs"),
        }
    });
}

fn forward_progress(app: AppHandle, mut events: Receiver<JobEvent>) {
    tauri::async_runtime::spawn(async move {
        let ready = app.state::<Ready>();
        let shell = ready.shell().await;
        loop {
            match events.recv().await {
                Ok(event) => {
                    if let Err(e) = JobProgress::from(&event).emit(&app) {
                        tracing::warn!(error = %e, "cannot send progress to the window");
                    }
                    if event.finished {
                        notify_finished(&app, shell, &event);
                    } else if event.status == JobStatus::Stopped {
                        notify_stopped(&app, shell, &event);
                    }
                }
                // Missed some: the next event carries the whole counts again.
                Err(RecvError::Lagged(_)) => continue,
                Err(RecvError::Closed) => return,
            }
        }
    });
}

fn notify_finished(app: &AppHandle, shell: &Shell, event: &JobEvent) {
    let profile = shell
        .engine
        .job(event.job_id)
        .map(|job| job.profile_name)
        .unwrap_or_default();
    let c = &event.counts;
    let (title, body) = job_finished(
        shell.prefs.lang(),
        &profile,
        c.completed,
        c.failed + c.uncertain,
        c.rejected,
    );
    show(app, title, body);
}

/// A job stopped for something a person must fix (keys, quota, network): say why.
fn notify_stopped(app: &AppHandle, shell: &Shell, event: &JobEvent) {
    let lang = shell.prefs.lang();
    let Ok(job) = shell.engine.job(event.job_id) else {
        return;
    };
    let reason = job
        .error
        .as_ref()
        .map(|e| e.message(lang).to_owned())
        .unwrap_or_default();
    let (title, body) = job_stopped(lang, &job.profile_name, &reason);
    show(app, title, body);
}

fn show(app: &AppHandle, title: String, body: String) {
    if let Err(e) = app.notification().builder().title(title).body(body).show() {
        tracing::warn!(error = %e, "no desktop notification");
    }
}

//! What every command works with: the engine, the keyring, demo mode and the preferences.

use crate::commands::files::Chosen;
use crate::demo::Demo;
use crate::ipc::{self, parse_id};
use crate::prefs::Prefs;
use cachedesk_api::Desk;
use cachedesk_core::{Credentials, ErrorBody, Result};
use cachedesk_engine::{Engine, JobId, Profile, ProfileId};
use std::sync::OnceLock;
use tokio::sync::Notify;

/// What a command returns: its value, or `{code, message, details}` in the UI language.
pub type Reply<T> = std::result::Result<T, ErrorBody>;

pub struct Shell {
    /// The application layer: profiles with their keys, credentials, vendor history.
    pub desk: Desk,
    /// The desk's engine (the same handle), for the commands that only read or run jobs.
    pub engine: Engine,
    pub demo: Demo,
    pub prefs: Prefs,
    /// The files the person chose in a dialog or dropped on the window.
    pub chosen: Chosen,
}

impl Shell {
    pub fn new(desk: Desk, prefs: Prefs) -> Shell {
        Shell {
            engine: desk.engine().clone(),
            desk,
            demo: Demo::default(),
            prefs,
            chosen: Chosen::default(),
        }
    }

    /// The error as the UI shows it.
    pub fn reply<T>(&self, result: Result<T>) -> Reply<T> {
        result.map_err(|e| e.to_body(self.prefs.lang()))
    }

    pub fn profile(&self, id: &str) -> Result<Profile> {
        self.engine.profile(ProfileId(parse_id(id)?))
    }

    pub fn job_id(id: &str) -> Result<JobId> {
        parse_id(id).map(JobId)
    }

    /// The secrets of a profile: the keyring's, or the simulator's for a demo profile.
    pub fn credentials(&self, profile: &Profile) -> Result<Credentials> {
        self.desk.credentials(profile)
    }

    /// The profile as the UI lists it.
    pub fn view(&self, profile: Profile) -> ipc::Profile {
        ipc::Profile::new(profile, self.desk.secrets())
    }
}

/// The shell once the data is open. The window shows first (opening the database, bringing
/// demo mode's simulator up and asking the keyring take a while), so a command that arrives
/// before waits here instead of failing.
#[derive(Default)]
pub struct Ready {
    shell: OnceLock<Shell>,
    opened: Notify,
}

impl Ready {
    /// The shell, as soon as there is one.
    pub async fn shell(&self) -> &Shell {
        loop {
            // Made before the look: a `Notified` hears `notify_waiters` from its creation on.
            let opened = self.opened.notified();
            if let Some(shell) = self.shell.get() {
                return shell;
            }
            opened.await;
        }
    }

    /// The shell if it is open already.
    pub fn get(&self) -> Option<&Shell> {
        self.shell.get()
    }

    /// Hands the shell to the commands waiting for it.
    pub fn open(&self, shell: Shell) {
        if self.shell.set(shell).is_err() {
            tracing::error!("the data was opened twice; the first shell stays");
        }
        self.opened.notify_waiters();
    }
}

/// A shell over a fresh data folder whose keyring is never reached.
#[cfg(test)]
pub fn test_shell(dir: &std::path::Path) -> Shell {
    use cachedesk_api::{Door, Secrets};
    use cachedesk_vault::Vault;
    let data = dir.join("data");
    let engine = Engine::open(&data).unwrap();
    let vault = Vault::new("app.cachedesk.test.never-reached");
    let desk = Desk::new(engine, Secrets::with_vault(vault, &data, Door::App));
    Shell::new(desk, Prefs::new(dir.to_path_buf()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[tokio::test]
    async fn a_command_that_arrives_before_the_data_is_open_waits_for_it() {
        let dir = tempfile::tempdir().unwrap();
        let ready = Arc::new(Ready::default());
        let command = tokio::spawn({
            let ready = ready.clone();
            async move { ready.shell().await.engine.data_dir().to_path_buf() }
        });
        tokio::task::yield_now().await;
        assert!(!command.is_finished() && ready.get().is_none());

        ready.open(test_shell(dir.path()));
        assert_eq!(command.await.unwrap(), dir.path().join("data"));
        assert!(ready.get().is_some(), "later commands find it at once");
    }
}

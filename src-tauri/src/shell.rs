//! What every command works with: the engine, the keyring, demo mode and the preferences.

use crate::commands::files::Chosen;
use crate::demo::Demo;
use crate::ipc::{self, parse_id};
use crate::prefs::Prefs;
use cachedesk_api::Desk;
use cachedesk_core::{Credentials, ErrorBody, Result};
use cachedesk_engine::{Engine, JobId, Profile, ProfileId};

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

//! What every command works with: the engine, the keyring, demo mode and the preferences.

use crate::demo::{self, Demo};
use crate::ipc::{self, parse_id};
use crate::prefs::Prefs;
use cachedesk_core::{Credentials, ErrorBody, Result};
use cachedesk_engine::{Engine, JobId, Profile, ProfileId};
use cachedesk_vault::Vault;

/// What a command returns: its value, or `{code, message, details}` in the UI language.
pub type Reply<T> = std::result::Result<T, ErrorBody>;

pub struct Shell {
    pub engine: Engine,
    pub vault: Vault,
    pub demo: Demo,
    pub prefs: Prefs,
}

impl Shell {
    pub fn new(engine: Engine, vault: Vault, prefs: Prefs) -> Shell {
        Shell {
            demo: Demo::new(engine.data_dir()),
            engine,
            vault,
            prefs,
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
        if self.demo.is_demo(profile.id) {
            return Ok(demo::credentials(profile.vendor));
        }
        self.vault.load(&profile.id.to_string())
    }

    /// The profile as the UI lists it.
    pub fn view(&self, profile: Profile) -> ipc::Profile {
        let demo = self.demo.is_demo(profile.id);
        let has_credentials = demo || self.vault.load(&profile.id.to_string()).is_ok();
        ipc::Profile::new(profile, has_credentials, demo)
    }
}

//! Where a profile's credentials come from, and its keyring entry.

use crate::credentials::{demo_credentials, from_env};
use crate::demo::DemoProfiles;
use crate::Door;
use cachedesk_core::{Credentials, Error, Result};
use cachedesk_engine::Profile;
use cachedesk_vault::Vault;
use serde::Serialize;
use std::path::Path;

/// Where a profile's credentials would come from now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CredentialsAt {
    Environment,
    Demo,
    Keyring,
    Missing,
    KeyringUnavailable,
}

/// The credentials of one data folder's profiles.
#[derive(Debug, Clone)]
pub struct Secrets {
    vault: Vault,
    demo: DemoProfiles,
    door: Door,
}

impl Secrets {
    /// The one place a data folder's keyring namespace is chosen: both doors open their
    /// secrets here, so they read and write the same entries.
    pub fn for_data_dir(data_dir: &Path, door: Door) -> Secrets {
        Secrets::with_vault(Vault::for_data_dir(data_dir), data_dir, door)
    }

    /// With another keyring service (tests).
    pub fn with_vault(vault: Vault, data_dir: &Path, door: Door) -> Secrets {
        Secrets {
            vault,
            demo: DemoProfiles::new(data_dir),
            door,
        }
    }

    pub fn vault(&self) -> &Vault {
        &self.vault
    }

    pub fn demo(&self) -> &DemoProfiles {
        &self.demo
    }

    pub fn door(&self) -> Door {
        self.door
    }

    /// The environment's credentials for this vendor when this door reads them.
    pub fn from_env(&self, profile: &Profile) -> Result<Option<Credentials>> {
        if self.door.reads_env() {
            from_env(profile.vendor)
        } else {
            Ok(None)
        }
    }

    /// The credentials for one profile: the environment's (command line), the demo account
    /// for a demo profile, else the keyring's. `Error::NotFound` when none are saved.
    pub fn credentials(&self, profile: &Profile) -> Result<Credentials> {
        if let Some(credentials) = self.from_env(profile)? {
            return Ok(credentials);
        }
        if self.demo.contains(profile) {
            return Ok(demo_credentials(profile.vendor));
        }
        self.load(profile)
    }

    /// Where [`Secrets::credentials`] would find them.
    pub fn credentials_at(&self, profile: &Profile) -> Result<CredentialsAt> {
        if self.from_env(profile)?.is_some() {
            return Ok(CredentialsAt::Environment);
        }
        if self.demo.contains(profile) {
            return Ok(CredentialsAt::Demo);
        }
        Ok(match self.load(profile) {
            Ok(_) => CredentialsAt::Keyring,
            Err(Error::NotFound(_)) => CredentialsAt::Missing,
            Err(_) => CredentialsAt::KeyringUnavailable,
        })
    }

    /// Whether the profile can be used as it is.
    pub fn has_credentials(&self, profile: &Profile) -> bool {
        self.credentials(profile).is_ok()
    }

    /// The profile's keyring entry (by UUID). An entry filed under the row id by an earlier
    /// version is found as well and moved to the UUID.
    pub fn load(&self, profile: &Profile) -> Result<Credentials> {
        let missing = || {
            Error::NotFound(format!(
                "no credentials saved in the system keyring for profile '{}'",
                profile.name
            ))
        };
        match self.vault.load(&profile.uuid) {
            Err(Error::NotFound(_)) => {}
            found => return found,
        }
        let Some(legacy) = &profile.legacy_key else {
            return Err(missing());
        };
        match self.vault.load(legacy) {
            Ok(credentials) => {
                if let Err(e) = self.store(profile, &credentials) {
                    tracing::warn!(error = %e, "a keyring entry stays under the profile's row id");
                }
                Ok(credentials)
            }
            Err(Error::NotFound(_)) => Err(missing()),
            Err(e) => Err(e),
        }
    }

    /// Saves (or replaces) the profile's keyring entry; an entry under its row id goes.
    pub fn store(&self, profile: &Profile, credentials: &Credentials) -> Result<()> {
        self.vault.store(&profile.uuid, credentials)?;
        if let Some(legacy) = &profile.legacy_key {
            if let Err(e) = self.vault.delete(legacy) {
                tracing::warn!(error = %e, "an old keyring entry stays under the profile's row id");
            }
        }
        Ok(())
    }

    /// Removes the profile's keyring entries. Returns whether there were any.
    pub fn delete(&self, profile: &Profile) -> Result<bool> {
        let mut found = self.vault.delete(&profile.uuid)?;
        if let Some(legacy) = &profile.legacy_key {
            found |= self.vault.delete(legacy)?;
        }
        Ok(found)
    }
}

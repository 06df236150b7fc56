//! What the desktop app and the `cachedesk` command share with the operating system: the
//! credentials of each profile in the OS keyring, and the folder where profiles and history live.

mod data_dir;
mod keyring_error;
mod stored;
#[doc(hidden)]
pub mod testing;

pub use data_dir::{data_dir_from, default_data_dir, DATA_DIR_ENV};

use cachedesk_core::{Credentials, Error, Result};
use keyring::Entry;
use std::path::Path;

/// The keyring service every CacheDesk entry is filed under (the app's identifier).
pub const SERVICE: &str = "app.cachedesk.desktop";

/// The OS keyring (Secret Service on Linux, Keychain on macOS, Credential Manager on Windows),
/// holding one entry per profile (keyed by the profile's UUID).
#[derive(Debug, Clone)]
pub struct Vault {
    service: String,
}

impl Vault {
    pub fn new(service: impl Into<String>) -> Vault {
        Vault {
            service: service.into(),
        }
    }

    /// The vault for the profiles of one data folder: every folder but the default one files
    /// its entries under its own service (`SERVICE:<folder>`); the default folder uses
    /// [`SERVICE`]. There is deliberately no `Vault::default()`: a door that used it would read
    /// another folder's entries. The front doors get theirs from `cachedesk_api::Secrets`.
    pub fn for_data_dir(data_dir: &Path) -> Vault {
        let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
        let folder = canonical(data_dir);
        match default_data_dir() {
            Some(default) if canonical(&default) == folder => Vault::new(SERVICE),
            _ => Vault::new(format!("{SERVICE}:{}", folder.display())),
        }
    }

    /// The keyring service this vault files its entries under.
    pub fn service(&self) -> &str {
        &self.service
    }

    /// Saves (or replaces) the credentials of one profile.
    pub fn store(&self, profile_id: &str, credentials: &Credentials) -> Result<()> {
        let json = stored::to_json(credentials);
        self.entry(profile_id)?
            .set_password(json.expose())
            .map_err(keyring_error::to_error)
    }

    /// The credentials saved for one profile; `Error::NotFound` when there are none.
    pub fn load(&self, profile_id: &str) -> Result<Credentials> {
        match self.entry(profile_id)?.get_password() {
            Ok(json) => stored::from_json(&json),
            Err(keyring::Error::NoEntry) => Err(Error::NotFound(format!(
                "no credentials saved in the system keyring for profile {profile_id}"
            ))),
            Err(e) => Err(keyring_error::to_error(e)),
        }
    }

    /// Removes the credentials of one profile. Returns whether there were any.
    pub fn delete(&self, profile_id: &str) -> Result<bool> {
        match self.entry(profile_id)?.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring::Error::NoEntry) => Ok(false),
            Err(e) => Err(keyring_error::to_error(e)),
        }
    }

    fn entry(&self, profile_id: &str) -> Result<Entry> {
        if profile_id.trim().is_empty() {
            return Err(Error::Internal("a keyring entry needs a profile id".into()));
        }
        Entry::new(&self.service, profile_id).map_err(keyring_error::to_error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_folder_shares_the_apps_service() {
        if let Some(default) = default_data_dir() {
            assert_eq!(Vault::for_data_dir(&default).service(), SERVICE);
        }
        let other = Vault::for_data_dir(Path::new("/tmp/cachedesk-elsewhere"));
        assert_eq!(
            other.service(),
            format!("{SERVICE}:/tmp/cachedesk-elsewhere")
        );
    }
}

//! Which profiles are demo profiles (they talk to the built-in simulator with its demo account):
//! a list of profile ids in a file beside the database, so they stay demo profiles after a
//! restart.

use cachedesk_core::{Error, Result};
use cachedesk_engine::ProfileId;
use std::path::{Path, PathBuf};

const IDS_FILE: &str = "demo-profiles.json";

#[derive(Debug, Clone)]
pub struct DemoProfiles {
    ids_file: PathBuf,
}

impl DemoProfiles {
    pub fn new(data_dir: &Path) -> DemoProfiles {
        DemoProfiles {
            ids_file: data_dir.join(IDS_FILE),
        }
    }

    pub fn ids(&self) -> Vec<ProfileId> {
        std::fs::read(&self.ids_file)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    pub fn contains(&self, id: ProfileId) -> bool {
        self.ids().contains(&id)
    }

    pub fn save(&self, ids: &[ProfileId]) -> Result<()> {
        let json = serde_json::to_vec(ids).map_err(|e| Error::Internal(e.to_string()))?;
        std::fs::write(&self.ids_file, json)
            .map_err(|e| Error::Storage(format!("cannot write {}: {e}", self.ids_file.display())))
    }

    /// The profile is no demo profile any more (deleted, or given real keys).
    pub fn forget(&self, id: ProfileId) -> Result<()> {
        let ids = self.ids();
        if ids.contains(&id) {
            self.save(&ids.into_iter().filter(|i| *i != id).collect::<Vec<_>>())?;
        }
        Ok(())
    }
}

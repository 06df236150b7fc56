//! Which profiles are demo profiles (they talk to the built-in simulator with its demo account):
//! their UUIDs in a file beside the database, so they stay demo profiles after a restart and a
//! database made anew in the same folder never finds its profiles listed there. A file written
//! before profiles had UUIDs lists row ids: those match only the profiles of that time (their
//! `legacy_key`).

use cachedesk_core::{Error, Result};
use cachedesk_engine::{Engine, Profile};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

const IDS_FILE: &str = "demo-profiles.json";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
enum Listed {
    Uuid(String),
    RowId(i64),
}

impl Listed {
    fn is(&self, profile: &Profile) -> bool {
        match self {
            Listed::Uuid(uuid) => *uuid == profile.uuid,
            Listed::RowId(id) => profile.legacy_key.as_deref() == Some(id.to_string().as_str()),
        }
    }
}

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

    fn listed(&self) -> Vec<Listed> {
        std::fs::read(&self.ids_file)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    /// No profile is a demo profile.
    pub fn is_empty(&self) -> bool {
        self.listed().is_empty()
    }

    pub fn contains(&self, profile: &Profile) -> bool {
        self.listed().iter().any(|l| l.is(profile))
    }

    /// The live demo profiles.
    pub fn live(&self, engine: &Engine) -> Result<Vec<Profile>> {
        let listed = self.listed();
        Ok(engine
            .profiles()?
            .into_iter()
            .filter(|p| listed.iter().any(|l| l.is(p)))
            .collect())
    }

    /// These, and no others, are the demo profiles.
    pub fn save(&self, profiles: &[Profile]) -> Result<()> {
        let listed: Vec<Listed> = profiles
            .iter()
            .map(|p| Listed::Uuid(p.uuid.clone()))
            .collect();
        let json = serde_json::to_vec(&listed).map_err(|e| Error::Internal(e.to_string()))?;
        std::fs::write(&self.ids_file, json).map_err(|e| {
            Error::storage_from(format!("cannot write {}: {e}", self.ids_file.display()), e)
        })
    }

    /// The profile is no demo profile any more (deleted, or given real keys).
    pub fn forget(&self, profile: &Profile) -> Result<()> {
        let listed = self.listed();
        if listed.iter().any(|l| l.is(profile)) {
            let kept: Vec<Listed> = listed.into_iter().filter(|l| !l.is(profile)).collect();
            let json = serde_json::to_vec(&kept).map_err(|e| Error::Internal(e.to_string()))?;
            std::fs::write(&self.ids_file, json).map_err(|e| {
                Error::storage_from(format!("cannot write {}: {e}", self.ids_file.display()), e)
            })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cachedesk_core::Vendor;
    use cachedesk_engine::{ProfileDraft, DATABASE_FILE};

    fn draft(name: &str) -> ProfileDraft {
        ProfileDraft {
            name: name.into(),
            vendor: Vendor::Baishan,
            endpoint: None,
            site: None,
            domains: vec!["www.example.com".into()],
            batch_size: None,
            concurrency: None,
        }
    }

    #[test]
    fn a_recreated_database_has_no_demo_profiles_from_the_old_list() {
        let dir = tempfile::tempdir().unwrap();
        let demo = DemoProfiles::new(dir.path());
        {
            let engine = Engine::open(dir.path()).unwrap();
            let old = engine.create_profile(&draft("demo")).unwrap();
            demo.save(std::slice::from_ref(&old)).unwrap();
            assert!(demo.contains(&old));
            assert_eq!(demo.live(&engine).unwrap(), [old]);
        }
        std::fs::remove_file(dir.path().join(DATABASE_FILE)).unwrap();
        for extra in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(dir.path().join(format!("{DATABASE_FILE}{extra}")));
        }
        let engine = Engine::open(dir.path()).unwrap();
        let new = engine.create_profile(&draft("real")).unwrap();
        assert!(!demo.contains(&new), "same row id, another profile");
        assert!(demo.live(&engine).unwrap().is_empty());
    }

    #[test]
    fn a_list_of_row_ids_matches_only_the_profiles_saved_before_uuids() {
        let dir = tempfile::tempdir().unwrap();
        let engine = Engine::open(dir.path()).unwrap();
        let mut before = engine.create_profile(&draft("demo")).unwrap();
        std::fs::write(dir.path().join(IDS_FILE), format!("[{}]", before.id)).unwrap();
        let demo = DemoProfiles::new(dir.path());
        assert!(!demo.contains(&before), "made since: no legacy key");
        before.legacy_key = Some(before.id.to_string());
        assert!(demo.contains(&before));
        demo.forget(&before).unwrap();
        assert!(demo.is_empty());
    }
}

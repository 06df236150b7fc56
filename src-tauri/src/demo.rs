//! Demo mode: the vendor simulator in this process on loopback, and one profile per vendor
//! pointing at it. The demo profiles are listed in a file beside the database so they stay
//! demo profiles (and get the simulator back) after a restart.

use crate::text::demo_profile_name;
use cachedesk_core::{Credentials, Error, Lang, Result, Secret, Vendor};
use cachedesk_engine::{Engine, Profile, ProfileDraft, ProfileId};
use cachedesk_sim::{Sim, SimConfig, DEMO_ACCESS_KEY, DEMO_SECRET_KEY, DEMO_TOKEN};
use cachedesk_vault::Vault;
use std::path::{Path, PathBuf};
use tokio::sync::Mutex;

const IDS_FILE: &str = "demo-profiles.json";

pub struct Demo {
    ids_file: PathBuf,
    sim: Mutex<Option<Sim>>,
}

/// The simulator's demo account, as a profile of `vendor` uses it.
pub fn credentials(vendor: Vendor) -> Credentials {
    if vendor.uses_access_keys() {
        Credentials::AccessKey {
            access_key_id: DEMO_ACCESS_KEY.into(),
            secret_access_key: Secret::new(DEMO_SECRET_KEY),
        }
    } else {
        Credentials::Token(Secret::new(DEMO_TOKEN))
    }
}

impl Demo {
    pub fn new(data_dir: &Path) -> Demo {
        Demo {
            ids_file: data_dir.join(IDS_FILE),
            sim: Mutex::new(None),
        }
    }

    pub fn ids(&self) -> Vec<ProfileId> {
        std::fs::read(&self.ids_file)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    pub fn is_demo(&self, id: ProfileId) -> bool {
        self.ids().contains(&id)
    }

    fn save_ids(&self, ids: &[ProfileId]) -> Result<()> {
        let json = serde_json::to_vec(ids).map_err(|e| Error::Internal(e.to_string()))?;
        std::fs::write(&self.ids_file, json)
            .map_err(|e| Error::Storage(format!("cannot write {}: {e}", self.ids_file.display())))
    }

    pub fn forget(&self, id: ProfileId) -> Result<()> {
        let ids = self.ids();
        if ids.contains(&id) {
            self.save_ids(&ids.into_iter().filter(|i| *i != id).collect::<Vec<_>>())?;
        }
        Ok(())
    }

    /// Starts the simulator (once per run) and creates or re-points one demo profile per
    /// vendor. The demo credentials go to the keyring when there is one; they are also known
    /// here, so demo mode works without a keyring.
    pub async fn start(&self, engine: &Engine, vault: &Vault, lang: Lang) -> Result<Vec<Profile>> {
        self.point(engine, vault, lang, true).await
    }

    /// At launch: demo mode when the database holds no profile yet (first start), and the
    /// simulator back for the demo profiles of an earlier run (a deleted one stays deleted).
    pub async fn at_launch(&self, engine: &Engine, vault: &Vault, lang: Lang) -> Result<()> {
        if engine.profiles()?.is_empty() {
            self.point(engine, vault, lang, true).await?;
        } else if !self.live(engine).is_empty() {
            self.point(engine, vault, lang, false).await?;
        }
        Ok(())
    }

    fn live(&self, engine: &Engine) -> Vec<Profile> {
        self.ids()
            .into_iter()
            .filter_map(|id| engine.profile(id).ok())
            .filter(|p| p.deleted_at.is_none())
            .collect()
    }

    /// Points the live demo profiles at this run's simulator; `create`: also one for each
    /// vendor that has none.
    async fn point(
        &self,
        engine: &Engine,
        vault: &Vault,
        lang: Lang,
        create: bool,
    ) -> Result<Vec<Profile>> {
        let mut sim = self.sim.lock().await;
        if sim.is_none() {
            let started = Sim::start(SimConfig::default())
                .await
                .map_err(|e| Error::Internal(format!("the demo simulator did not start: {e}")))?;
            *sim = Some(started);
        }
        let Some(sim) = sim.as_ref() else {
            return Err(Error::Internal("the demo simulator is not running".into()));
        };
        let live = self.live(engine);
        let mut profiles = Vec::with_capacity(Vendor::ALL.len());
        for vendor in Vendor::ALL {
            let draft = draft(sim, vendor, lang);
            let profile = match live.iter().find(|p| p.vendor == vendor) {
                Some(old) => {
                    // A name the person chose stays; the demo's own follows the language.
                    let renamed = [Lang::En, Lang::ZhCn]
                        .into_iter()
                        .all(|l| demo_profile_name(l, vendor) != old.name);
                    let name = if renamed {
                        old.name.clone()
                    } else {
                        draft.name.clone()
                    };
                    engine.update_profile(old.id, &ProfileDraft { name, ..draft })?
                }
                None if create => engine.create_profile(&draft)?,
                None => continue,
            };
            if let Err(e) = vault.store(&profile.id.to_string(), &credentials(vendor)) {
                tracing::warn!(error = %e, "demo credentials kept in memory only");
            }
            profiles.push(profile);
        }
        self.save_ids(&profiles.iter().map(|p| p.id).collect::<Vec<_>>())?;
        Ok(profiles)
    }
}

fn draft(sim: &Sim, vendor: Vendor, lang: Lang) -> ProfileDraft {
    let config = sim.config();
    let (site, domains) = match vendor {
        Vendor::BaiduGeo => {
            let site = config.sites.first().cloned();
            let domains = site
                .iter()
                .flat_map(|s| [s.clone(), format!("*.{s}")])
                .collect();
            (site, domains)
        }
        Vendor::BaiduCdn | Vendor::Baishan => (None, config.domains.clone()),
    };
    ProfileDraft {
        name: demo_profile_name(lang, vendor),
        vendor,
        endpoint: Some(sim.endpoint(vendor)),
        site,
        domains,
        batch_size: None,
        concurrency: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn demo_profiles_point_at_the_simulator_and_survive_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let engine = Engine::open(dir.path()).unwrap();
        let vault = Vault::new("app.cachedesk.desktop.test");
        let first = Demo::new(dir.path());
        let profiles = first.start(&engine, &vault, Lang::En).await.unwrap();
        assert_eq!(
            profiles.iter().map(|p| p.vendor).collect::<Vec<_>>(),
            Vendor::ALL
        );
        assert!(profiles.iter().all(|p| first.is_demo(p.id)));
        let geo = &profiles[1];
        assert_eq!(geo.site.as_deref(), Some("example.org"));
        assert!(geo
            .endpoint
            .as_deref()
            .unwrap_or_default()
            .starts_with("http://127.0.0.1:"));
        let cdn = engine
            .profiles()
            .unwrap()
            .into_iter()
            .find(|p| p.vendor == Vendor::BaiduCdn)
            .unwrap();
        engine
            .check_credentials(cdn.id, &credentials(cdn.vendor))
            .await
            .unwrap();

        // A new run: a new simulator on new ports, the same profiles.
        let second = Demo::new(dir.path());
        let again = second.start(&engine, &vault, Lang::ZhCn).await.unwrap();
        assert_eq!(
            again.iter().map(|p| p.id).collect::<Vec<_>>(),
            profiles.iter().map(|p| p.id).collect::<Vec<_>>()
        );
        assert_eq!(
            again[0].name, "演示 · 百度智能云 CDN",
            "the demo's names follow the language"
        );
        assert_ne!(again[0].endpoint, profiles[0].endpoint);

        second.forget(profiles[0].id).unwrap();
        assert!(!second.is_demo(profiles[0].id));
        for p in &profiles {
            let _ = vault.delete(&p.id.to_string());
        }
    }

    #[tokio::test]
    async fn launch_starts_demo_mode_on_an_empty_database_only() {
        let dir = tempfile::tempdir().unwrap();
        let engine = Engine::open(dir.path()).unwrap();
        let vault = Vault::new("app.cachedesk.desktop.test");
        let first = Demo::new(dir.path());
        first.at_launch(&engine, &vault, Lang::En).await.unwrap();
        let profiles = engine.profiles().unwrap();
        assert_eq!(profiles.len(), Vendor::ALL.len());
        assert!(profiles.iter().all(|p| first.is_demo(p.id)));

        // The next run: the simulator is back for the demo profiles left, none re-created.
        let gone = profiles[0].clone();
        engine.delete_profile(gone.id).unwrap();
        let second = Demo::new(dir.path());
        second.at_launch(&engine, &vault, Lang::En).await.unwrap();
        let left = engine.profiles().unwrap();
        assert_eq!(left.len(), Vendor::ALL.len() - 1);
        assert!(left.iter().all(|p| p.id != gone.id && second.is_demo(p.id)));
        let before: Vec<_> = profiles.iter().skip(1).map(|p| &p.endpoint).collect();
        assert!(left.iter().all(|p| !before.contains(&&p.endpoint)));

        // A database with only real profiles stays as it is.
        let other = tempfile::tempdir().unwrap();
        let engine = Engine::open(other.path()).unwrap();
        let real = engine
            .create_profile(&ProfileDraft {
                name: "site".into(),
                vendor: Vendor::Baishan,
                endpoint: None,
                site: None,
                domains: vec!["www.example.com".into()],
                batch_size: None,
                concurrency: None,
            })
            .unwrap();
        Demo::new(other.path())
            .at_launch(&engine, &vault, Lang::En)
            .await
            .unwrap();
        assert_eq!(engine.profiles().unwrap(), [real]);
        for p in &profiles {
            let _ = vault.delete(&p.id.to_string());
        }
    }
}

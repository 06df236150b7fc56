//! Demo mode: the vendor simulator in this process on loopback, and one profile per vendor
//! pointing at it. Which profiles are demo profiles is kept beside the database
//! ([`cachedesk_api::DemoProfiles`]) so they stay demo profiles (and get the simulator back)
//! after a restart; their credentials are the simulator's demo account.

use crate::text::demo_profile_name;
use cachedesk_api::{demo_credentials, Desk};
use cachedesk_core::{Error, Lang, Result, Vendor};
use cachedesk_engine::{Profile, ProfileDraft};
use cachedesk_sim::{Sim, SimConfig};
use tokio::sync::Mutex;

#[derive(Default)]
pub struct Demo {
    sim: Mutex<Option<Sim>>,
}

impl Demo {
    /// Starts the simulator (once per run) and creates or re-points one demo profile per
    /// vendor. The demo credentials go to the keyring when there is one; they are also known
    /// to the desk, so demo mode works without a keyring.
    pub async fn start(&self, desk: &Desk, lang: Lang) -> Result<Vec<Profile>> {
        self.point(desk, lang, true).await
    }

    /// At launch: demo mode when the database holds no profile yet (first start), and the
    /// simulator back for the demo profiles of an earlier run (a deleted one stays deleted).
    pub async fn at_launch(&self, desk: &Desk, lang: Lang) -> Result<()> {
        if desk.engine().profiles()?.is_empty() {
            self.point(desk, lang, true).await?;
        } else if !self.live(desk).is_empty() {
            self.point(desk, lang, false).await?;
        }
        Ok(())
    }

    /// The edge node of the running simulator, where demo profiles' URLs are checked.
    pub async fn edge_address(&self) -> Option<std::net::SocketAddr> {
        self.sim.lock().await.as_ref().map(Sim::edge_address)
    }

    fn live(&self, desk: &Desk) -> Vec<Profile> {
        desk.secrets()
            .demo()
            .live(desk.engine())
            .unwrap_or_default()
    }

    /// Points the live demo profiles at this run's simulator; `create`: also one for each
    /// vendor that has none.
    async fn point(&self, desk: &Desk, lang: Lang, create: bool) -> Result<Vec<Profile>> {
        let engine = desk.engine();
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
        let live = self.live(desk);
        let mut profiles = Vec::with_capacity(Vendor::ALL.len());
        for vendor in Vendor::ALL {
            let draft = draft(sim, vendor, lang);
            let profile = match live.iter().find(|p| p.vendor == vendor) {
                Some(old) => {
                    let name = name_in(old, lang);
                    engine.update_profile(old.id, &ProfileDraft { name, ..draft })?
                }
                None if create => engine.create_profile(&draft)?,
                None => continue,
            };
            if let Err(e) = desk.secrets().store(&profile, &demo_credentials(vendor)) {
                tracing::warn!(error = %e, "demo credentials kept in memory only");
            }
            profiles.push(profile);
        }
        desk.secrets().demo().save(&profiles)?;
        Ok(profiles)
    }

    /// Names the demo profiles in `lang`, after the person switched the language.
    pub fn rename(&self, desk: &Desk, lang: Lang) -> Result<Vec<Profile>> {
        self.live(desk)
            .into_iter()
            .map(|old| {
                let name = name_in(&old, lang);
                if name == old.name {
                    return Ok(old);
                }
                let draft = ProfileDraft {
                    name,
                    vendor: old.vendor,
                    endpoint: old.endpoint.clone(),
                    site: old.site.clone(),
                    domains: old.domains.clone(),
                    batch_size: old.batch_size,
                    concurrency: old.concurrency,
                };
                desk.engine().update_profile(old.id, &draft)
            })
            .collect()
    }
}

/// A demo profile's name in `lang`: the demo's own follows the language, one the person chose
/// stays.
fn name_in(profile: &Profile, lang: Lang) -> String {
    let chosen = [Lang::En, Lang::ZhCn]
        .into_iter()
        .all(|l| demo_profile_name(l, profile.vendor) != profile.name);
    if chosen {
        profile.name.clone()
    } else {
        demo_profile_name(lang, profile.vendor)
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
    use cachedesk_api::{Door, Secrets};
    use cachedesk_engine::Engine;
    use cachedesk_vault::Vault;

    fn desk(dir: &std::path::Path) -> Desk {
        let vault = Vault::new("app.cachedesk.desktop.test");
        Desk::new(
            Engine::open(dir).unwrap(),
            Secrets::with_vault(vault, dir, Door::App),
        )
    }

    fn is_demo(desk: &Desk, p: &Profile) -> bool {
        desk.secrets().demo().contains(p)
    }

    #[tokio::test]
    async fn demo_profiles_point_at_the_simulator_and_survive_a_restart() {
        // Demo credentials go to the keyring: the private test one only.
        if !cachedesk_vault::testing::private_keyring_or_skip() {
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let desk = desk(dir.path());
        let engine = desk.engine();
        let first = Demo::default();
        let profiles = first.start(&desk, Lang::En).await.unwrap();
        assert_eq!(
            profiles.iter().map(|p| p.vendor).collect::<Vec<_>>(),
            Vendor::ALL
        );
        assert!(profiles.iter().all(|p| is_demo(&desk, p)));
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
            .check_credentials(cdn.id, &demo_credentials(cdn.vendor))
            .await
            .unwrap();

        // A new run: a new simulator on new ports, the same profiles.
        let second = Demo::default();
        let again = second.start(&desk, Lang::ZhCn).await.unwrap();
        assert_eq!(
            again.iter().map(|p| p.id).collect::<Vec<_>>(),
            profiles.iter().map(|p| p.id).collect::<Vec<_>>()
        );
        assert_eq!(
            again[0].name, "演示 · 百度智能云 CDN",
            "the demo's names follow the language"
        );
        assert_ne!(again[0].endpoint, profiles[0].endpoint);

        // Switching the language renames them, but not one the person renamed.
        let mine = ProfileDraft {
            name: "My GEO".into(),
            vendor: again[1].vendor,
            endpoint: again[1].endpoint.clone(),
            site: again[1].site.clone(),
            domains: again[1].domains.clone(),
            batch_size: None,
            concurrency: None,
        };
        engine.update_profile(again[1].id, &mine).unwrap();
        let mut renamed: Vec<_> = second
            .rename(&desk, Lang::En)
            .unwrap()
            .into_iter()
            .map(|p| (p.vendor.slug(), p.name))
            .collect();
        renamed.sort();
        assert_eq!(
            renamed,
            [
                ("baidu-cdn", "Demo · Baidu AI Cloud CDN".to_owned()),
                ("baidu-geo", "My GEO".to_owned()),
                ("baishan", "Demo · Baishan Cloud".to_owned())
            ]
        );

        desk.secrets().demo().forget(&profiles[0]).unwrap();
        assert!(!is_demo(&desk, &profiles[0]));
        for p in &profiles {
            let _ = desk.secrets().delete(p);
        }
    }

    #[tokio::test]
    async fn launch_starts_demo_mode_on_an_empty_database_only() {
        // Demo credentials go to the keyring: the private test one only.
        if !cachedesk_vault::testing::private_keyring_or_skip() {
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let desk = desk(dir.path());
        let engine = desk.engine();
        let first = Demo::default();
        first.at_launch(&desk, Lang::En).await.unwrap();
        let profiles = engine.profiles().unwrap();
        assert_eq!(profiles.len(), Vendor::ALL.len());
        assert!(profiles.iter().all(|p| is_demo(&desk, p)));

        // The next run: the simulator is back for the demo profiles left, none re-created.
        let gone = profiles[0].clone();
        engine.delete_profile(gone.id).unwrap();
        let second = Demo::default();
        second.at_launch(&desk, Lang::En).await.unwrap();
        let left = engine.profiles().unwrap();
        assert_eq!(left.len(), Vendor::ALL.len() - 1);
        assert!(left.iter().all(|p| p.id != gone.id && is_demo(&desk, p)));
        let before: Vec<_> = profiles.iter().skip(1).map(|p| &p.endpoint).collect();
        assert!(left.iter().all(|p| !before.contains(&&p.endpoint)));

        // A database with only real profiles stays as it is.
        let other = tempfile::tempdir().unwrap();
        let other_desk = self::desk(other.path());
        let real = other_desk
            .engine()
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
        Demo::default()
            .at_launch(&other_desk, Lang::En)
            .await
            .unwrap();
        assert_eq!(other_desk.engine().profiles().unwrap(), [real]);
        for p in &profiles {
            let _ = desk.secrets().delete(p);
        }
    }
}

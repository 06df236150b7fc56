//! The engine of one data folder with the credentials of its profiles.

use crate::profiles::{check_credentials_fit, check_domains, moves_keys, tidy};
use crate::secrets::Secrets;
use crate::Door;
use cachedesk_core::{said, Credentials, Error, Quota, Result};
use cachedesk_engine::{Engine, EngineOptions, Profile, ProfileDraft, ProfileId};
use std::path::Path;

/// What a front door works with: the engine and the secrets of one data folder.
#[derive(Clone)]
pub struct Desk {
    engine: Engine,
    secrets: Secrets,
}

impl Desk {
    /// Opens (creating it when needed) the data folder for `door`.
    pub fn open(data_dir: &Path, door: Door, options: EngineOptions) -> Result<Desk> {
        std::fs::create_dir_all(data_dir).map_err(|e| {
            Error::storage_from(format!("cannot create {}: {e}", data_dir.display()), e)
        })?;
        let engine = Engine::open_with(data_dir, options)?;
        let secrets = Secrets::for_data_dir(engine.data_dir(), door);
        Ok(Desk::new(engine, secrets))
    }

    /// From parts (tests: another keyring service).
    pub fn new(engine: Engine, secrets: Secrets) -> Desk {
        Desk { engine, secrets }
    }

    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    pub fn secrets(&self) -> &Secrets {
        &self.secrets
    }

    /// See [`Secrets::credentials`].
    pub fn credentials(&self, profile: &Profile) -> Result<Credentials> {
        self.secrets.credentials(profile)
    }

    /// Today's quota as a hint (a preview, a profile check): `None` without credentials or
    /// network, or for a vendor that does not tell.
    pub async fn quota_hint(&self, profile: &Profile) -> Option<Quota> {
        let credentials = self.credentials(profile).ok()?;
        self.engine
            .quota(profile.id, &credentials)
            .await
            .ok()
            .flatten()
    }

    /// Signs one harmless request with the profile's credentials; then today's quota as a
    /// hint.
    pub async fn check_profile(&self, profile: &Profile) -> Result<Option<Quota>> {
        let credentials = self.credentials(profile)?;
        self.engine
            .check_credentials(profile.id, &credentials)
            .await?;
        Ok(self
            .engine
            .quota(profile.id, &credentials)
            .await
            .ok()
            .flatten())
    }

    /// Creates a profile, then asks `keys` for its credentials (`None`: none to save, e.g.
    /// they come from the environment) and saves them in the keyring. When they cannot be had
    /// or saved the profile is taken back: a profile without its keys would only confuse.
    /// A draft without domains is refused (see [`check_domains`]).
    pub fn create_profile_with<E: From<Error>>(
        &self,
        draft: ProfileDraft,
        keys: impl FnOnce(&Profile) -> std::result::Result<Option<Credentials>, E>,
    ) -> std::result::Result<Profile, E> {
        let draft = tidy(draft);
        check_domains(&draft)?;
        let profile = self.engine.create_profile(&draft)?;
        let saved = keys(&profile).and_then(|credentials| match credentials {
            Some(c) => check_credentials_fit(profile.vendor, &c)
                .and_then(|()| self.secrets.store(&profile, &c))
                .map_err(E::from),
            None => Ok(()),
        });
        if let Err(e) = saved {
            self.engine.delete_profile(profile.id)?;
            return Err(e);
        }
        Ok(profile)
    }

    /// Creates (`id` none) or updates a profile; `credentials`, when given, go to the keyring
    /// (a new profile whose keys cannot be saved is taken back; real keys make a demo profile
    /// an ordinary one). An update keeps the stored concurrency unless the draft sets one.
    pub fn save_profile(
        &self,
        id: Option<ProfileId>,
        mut draft: ProfileDraft,
        credentials: Option<Credentials>,
    ) -> Result<Profile> {
        if let Some(c) = &credentials {
            check_credentials_fit(draft.vendor, c)?;
        }
        let Some(id) = id else {
            return self.create_profile_with(draft, |_| Ok::<_, Error>(credentials));
        };
        let old = self.engine.profile(id)?;
        draft.concurrency = draft.concurrency.or(old.concurrency);
        let draft = tidy(draft);
        check_domains(&draft)?;
        if credentials.is_none() && moves_keys(&old, &draft) {
            return Err(Error::InvalidInput(said!(
                "the profile now points to another address or vendor: enter the keys again \
                 (saved keys are never sent to a new host)",
                "配置现在指向另一个接口地址或服务商：请重新填写密钥\
                 （已保存的密钥绝不会发送到新的地址）"
            )));
        }
        let profile = self.engine.update_profile(old.id, &draft)?;
        if let Some(c) = &credentials {
            self.secrets.store(&profile, c)?;
            self.secrets.demo().forget(&profile)?;
        }
        Ok(profile)
    }

    /// Hides the profile (its jobs stay in history) and removes its keyring entry. With
    /// credentials in the environment (command line) the keyring is left alone. See [`Door`]
    /// for what happens when the keyring does not answer.
    pub fn delete_profile(&self, profile: &Profile) -> Result<()> {
        let keyring = self.secrets.from_env(profile)?.is_none();
        if keyring && self.secrets.door() == Door::Cli {
            self.secrets.delete(profile)?;
        }
        self.engine.delete_profile(profile.id)?;
        self.secrets.demo().forget(profile)?;
        if keyring && self.secrets.door() == Door::App {
            if let Err(e) = self.secrets.delete(profile) {
                tracing::warn!(error = %e, "the keyring entry of a deleted profile stays");
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cachedesk_core::{Secret, Vendor};
    use cachedesk_vault::Vault;

    /// These tests never reach the keyring: each stops before anything is stored.
    fn desk(dir: &Path) -> Desk {
        let engine = Engine::open(dir).unwrap();
        let vault = Vault::new("app.cachedesk.test.never-reached");
        let secrets = Secrets::with_vault(vault, dir, Door::App);
        Desk::new(engine, secrets)
    }

    fn draft() -> ProfileDraft {
        ProfileDraft {
            name: " site ".into(),
            vendor: Vendor::BaiduCdn,
            endpoint: Some(" ".into()),
            site: None,
            domains: vec![" www.example.com ".into(), " ".into()],
            batch_size: None,
            concurrency: None,
        }
    }

    #[test]
    fn a_new_profile_whose_keys_cannot_be_had_is_taken_back() {
        let dir = tempfile::tempdir().unwrap();
        let desk = desk(dir.path());
        let e = desk
            .create_profile_with(draft(), |_| {
                Err::<Option<Credentials>, _>(Error::InvalidInput(said!(
                    "no keys typed",
                    "没有输入密钥"
                )))
            })
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            Error::InvalidInput(said!("no keys typed", "没有输入密钥")).to_string()
        );
        assert!(desk.engine().profiles().unwrap().is_empty());

        // Keys of the wrong kind are refused before anything is saved.
        let token = Credentials::Token(Secret::new("tok-test-0001"));
        assert!(desk.save_profile(None, draft(), Some(token)).is_err());
        assert!(desk.engine().profiles().unwrap().is_empty());

        // Without keys (from the environment, say) the profile stays, its fields trimmed.
        let saved = desk
            .create_profile_with(draft(), |_| Ok::<_, Error>(None))
            .unwrap();
        assert_eq!(saved.name, "site");
        assert_eq!(saved.endpoint, None);
        assert_eq!(saved.domains, ["www.example.com"]);
    }

    #[test]
    fn a_profile_moved_without_keys_is_refused_in_chinese_too() {
        let dir = tempfile::tempdir().unwrap();
        let desk = desk(dir.path());
        let saved = desk
            .create_profile_with(draft(), |_| Ok::<_, Error>(None))
            .unwrap();
        let moved = ProfileDraft {
            endpoint: Some("https://cdn.example.net".into()),
            ..draft()
        };
        let refused = desk.save_profile(Some(saved.id), moved, None).unwrap_err();
        assert_eq!(refused.code(), cachedesk_core::ErrorCode::InvalidInput);
        let zh = refused.message(cachedesk_core::Lang::ZhCn);
        assert!(zh.contains("请重新填写密钥"), "{zh}");
        assert!(!zh.chars().any(|c| c.is_ascii_alphabetic()), "{zh}");
        assert!(refused
            .message(cachedesk_core::Lang::En)
            .contains("enter the keys again"));
    }

    /// Previews `text` as a file purge on `profile`: the URLs it would send.
    fn sent(profile: &Profile, text: &str) -> Vec<String> {
        let input = cachedesk_engine::Input {
            text: text.as_bytes().to_vec(),
            ..Default::default()
        };
        let preview = cachedesk_engine::preview(
            &input,
            profile,
            cachedesk_core::Action::PurgeFiles,
            None,
            cachedesk_core::Lang::En,
        );
        preview.urls.into_iter().map(|u| u.url).collect()
    }

    #[test]
    fn a_profile_without_domains_is_refused_unless_it_allows_any_host() {
        let dir = tempfile::tempdir().unwrap();
        let desk = desk(dir.path());
        let none = ProfileDraft {
            domains: vec![" ".into()],
            ..draft()
        };
        let refused = desk.save_profile(None, none.clone(), None).unwrap_err();
        assert_eq!(refused.code(), cachedesk_core::ErrorCode::InvalidInput);
        assert!(refused
            .message(cachedesk_core::Lang::En)
            .contains("*.example.com"));
        assert!(desk.engine().profiles().unwrap().is_empty());

        let any = desk
            .save_profile(
                None,
                ProfileDraft {
                    domains: vec!["*".into()],
                    ..draft()
                },
                None,
            )
            .unwrap();
        assert_eq!(any.domains, ["*"]);
        assert_eq!(
            sent(&any, "https://elsewhere.example.org/a\n"),
            ["https://elsewhere.example.org/a"]
        );
        assert!(crate::any_host_warning(&any.domains, cachedesk_core::Lang::En).is_some());

        // A profile saved before domains were required still takes any host, with the
        // warning; saving it again asks for its domains.
        let legacy = desk
            .engine()
            .create_profile(&ProfileDraft {
                name: "legacy".into(),
                ..tidy(none.clone())
            })
            .unwrap();
        assert_eq!(
            sent(&legacy, "https://elsewhere.example.org/a\n"),
            ["https://elsewhere.example.org/a"]
        );
        assert!(crate::any_host_warning(&legacy.domains, cachedesk_core::Lang::En).is_some());
        assert!(desk.save_profile(Some(legacy.id), none, None).is_err());
    }
}

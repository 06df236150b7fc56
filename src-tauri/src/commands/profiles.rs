use crate::ipc::{AppInfo, ConnectionCheck, Profile, ProfileInput};
use crate::prefs::os_locale;
use crate::shell::{Ready, Reply, Shell};
use cachedesk_core::{Credentials, Result};
use cachedesk_engine::QuotaByAction;
use chrono::Utc;
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn app_info(ready: State<'_, Ready>) -> Reply<AppInfo> {
    let shell = ready.shell().await;
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        data_dir: shell.engine.data_dir().display().to_string(),
        os_locale: os_locale(),
    })
}

#[tauri::command]
#[specta::specta]
pub async fn list_profiles(ready: State<'_, Ready>) -> Reply<Vec<Profile>> {
    let shell = ready.shell().await;
    let profiles = shell.reply(shell.engine.profiles())?;
    Ok(profiles.into_iter().map(|p| shell.view(p)).collect())
}

/// Creates (id = null) or updates a profile; credentials, when given, go to the OS keyring.
#[tauri::command]
#[specta::specta]
pub async fn save_profile(ready: State<'_, Ready>, request: ProfileInput) -> Reply<Profile> {
    let shell = ready.shell().await;
    shell.reply(save(shell, request))
}

fn save(shell: &Shell, input: ProfileInput) -> Result<Profile> {
    let id = input
        .id
        .as_deref()
        .map(|id| shell.profile(id))
        .transpose()?;
    let credentials = input.credentials.clone().map(Credentials::from);
    let profile = shell
        .desk
        .save_profile(id.map(|p| p.id), input.draft(), credentials)?;
    Ok(shell.view(profile))
}

/// Hides the profile (its jobs stay in history) and removes its keys from the keyring.
#[tauri::command]
#[specta::specta]
pub async fn delete_profile(ready: State<'_, Ready>, id: String) -> Reply<()> {
    let shell = ready.shell().await;
    shell.reply(delete(shell, &id))
}

fn delete(shell: &Shell, id: &str) -> Result<()> {
    shell.desk.delete_profile(&shell.profile(id)?)
}

/// Signs one harmless request with the stored credentials.
#[tauri::command]
#[specta::specta]
pub async fn test_profile(ready: State<'_, Ready>, id: String) -> Reply<ConnectionCheck> {
    let shell = ready.shell().await;
    let profile = shell.reply(shell.profile(&id))?;
    let quota = shell.reply(shell.desk.check_profile(&profile).await)?;
    Ok(ConnectionCheck {
        checked_at: Utc::now(),
        quota,
    })
}

#[tauri::command]
#[specta::specta]
pub async fn get_quota(ready: State<'_, Ready>, id: String) -> Reply<Option<QuotaByAction>> {
    let shell = ready.shell().await;
    let profile = shell.reply(shell.profile(&id))?;
    let credentials = shell.reply(shell.credentials(&profile))?;
    let quota = shell.reply(shell.engine.quota(profile.id, &credentials).await)?;
    Ok(quota.as_ref().map(QuotaByAction::of))
}

/// Starts the built-in simulator and creates one demo profile per vendor.
#[tauri::command]
#[specta::specta]
pub async fn start_demo(ready: State<'_, Ready>) -> Reply<Vec<Profile>> {
    let shell = ready.shell().await;
    let lang = shell.prefs.lang();
    let profiles = shell.reply(shell.demo.start(&shell.desk, lang).await)?;
    Ok(profiles.into_iter().map(|p| shell.view(p)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ipc;
    use crate::prefs::Prefs;
    use cachedesk_api::{Desk, Door, Secrets};
    use cachedesk_core::{ErrorCode, Vendor};
    use cachedesk_engine::Engine;
    use cachedesk_vault::Vault;

    /// A shell on a temp folder with the private test keyring (see `scripts/with-keyring.sh`),
    /// or `None` when `CACHEDESK_SKIP_KEYRING_TESTS=1` and there is none.
    fn shell(dir: &std::path::Path) -> Option<Shell> {
        if !cachedesk_vault::testing::private_keyring_or_skip() {
            return None;
        }
        let vault = Vault::new(format!("app.cachedesk.test.shell.{}", std::process::id()));
        let data = dir.join("data");
        let engine = Engine::open(&data).unwrap();
        let desk = Desk::new(engine, Secrets::with_vault(vault, &data, Door::App));
        Some(Shell::new(desk, Prefs::new(dir.to_path_buf())))
    }

    fn input(id: Option<String>, credentials: Option<ipc::Credentials>) -> ProfileInput {
        ProfileInput {
            id,
            name: " Main site ".into(),
            vendor: Vendor::BaiduCdn,
            endpoint: Some(" ".into()),
            site: None,
            domains: vec![" www.example.com ".into(), "".into()],
            batch_size: Some(50),
            credentials,
        }
    }

    fn keys() -> Option<ipc::Credentials> {
        Some(ipc::Credentials::AccessKeys {
            access_key: "ak-test-0001".into(),
            secret_key: "sk-test-0001".into(),
        })
    }

    #[test]
    fn keys_go_to_the_keyring_and_leave_with_the_profile() {
        let dir = tempfile::tempdir().unwrap();
        let Some(shell) = shell(dir.path()) else {
            return;
        };

        let saved = save(&shell, input(None, keys())).unwrap();
        assert_eq!(
            (saved.name.as_str(), saved.endpoint.as_deref()),
            ("Main site", None)
        );
        assert_eq!(saved.domains, ["www.example.com"]);
        assert!(saved.has_credentials && !saved.demo);

        // An edit without keys keeps the stored ones.
        let edited = save(
            &shell,
            ProfileInput {
                batch_size: Some(10),
                ..input(Some(saved.id.clone()), None)
            },
        )
        .unwrap();
        assert_eq!(
            (edited.batch_size, edited.has_credentials),
            (Some(10), true)
        );
        let profile = shell.profile(&saved.id).unwrap();
        assert!(matches!(
            shell.credentials(&profile),
            Ok(Credentials::AccessKey { .. })
        ));

        delete(&shell, &saved.id).unwrap();
        assert!(shell.engine.profiles().unwrap().is_empty());
        assert_eq!(
            shell.desk.secrets().load(&profile).unwrap_err().code(),
            ErrorCode::NotFound
        );
    }

    #[test]
    fn keys_must_fit_the_vendor() {
        let dir = tempfile::tempdir().unwrap();
        let Some(shell) = shell(dir.path()) else {
            return;
        };
        let token = Some(ipc::Credentials::Token {
            token: "tok-test-0001".into(),
        });
        let e = save(&shell, input(None, token)).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidInput);
        let blank = Some(ipc::Credentials::AccessKeys {
            access_key: "ak".into(),
            secret_key: "  ".into(),
        });
        assert_eq!(
            save(&shell, input(None, blank)).unwrap_err().code(),
            ErrorCode::InvalidInput
        );
        assert!(
            shell.engine.profiles().unwrap().is_empty(),
            "nothing half-made"
        );
    }

    #[test]
    fn save_profile_with_a_new_endpoint_and_no_credentials_fails() {
        let dir = tempfile::tempdir().unwrap();
        let Some(shell) = shell(dir.path()) else {
            return;
        };
        let saved = save(&shell, input(None, keys())).unwrap();
        let elsewhere = || ProfileInput {
            endpoint: Some("https://cdn.example.net".into()),
            ..input(Some(saved.id.clone()), None)
        };

        let e = save(&shell, elsewhere()).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidInput);
        let unchanged = shell.profile(&saved.id).unwrap();
        assert_eq!(
            unchanged.endpoint, None,
            "the saved keys stay with the old host"
        );

        let moved = save(
            &shell,
            ProfileInput {
                credentials: keys(),
                ..elsewhere()
            },
        )
        .unwrap();
        assert_eq!(moved.endpoint.as_deref(), Some("https://cdn.example.net"));
        delete(&shell, &saved.id).unwrap();
    }
}

//! Against a real Secret Service, the private one only: run as `bash scripts/with-keyring.sh
//! cargo test -p cachedesk-vault` (a private D-Bus session with an unlocked GNOME Keyring). On
//! any other session bus (a desktop's, with its owner's keyring) these tests refuse to run, with
//! a clear message, unless `CACHEDESK_SKIP_KEYRING_TESTS=1` skips them.

use cachedesk_core::{Credentials, ErrorCode, Secret};
use cachedesk_vault::Vault;

const TEST_SERVICE: &str = "app.cachedesk.test";

/// A fresh profile id, or `None` when the keyring tests are explicitly skipped.
fn keyring_or_skip() -> Option<(Vault, String)> {
    cachedesk_vault::testing::private_keyring_or_skip()
        .then(|| (Vault::new(TEST_SERVICE), uuid::Uuid::new_v4().to_string()))
}

fn access_key(sk: &str) -> Credentials {
    Credentials::AccessKey {
        access_key_id: "ak-test-0001".into(),
        secret_access_key: Secret::new(sk),
    }
}

#[test]
fn store_load_replace_delete() {
    let Some((vault, id)) = keyring_or_skip() else {
        return;
    };
    vault.store(&id, &access_key("sk-test-0001")).unwrap();
    let Credentials::AccessKey {
        access_key_id,
        secret_access_key,
    } = vault.load(&id).unwrap()
    else {
        panic!("stored access keys came back as a token")
    };
    assert_eq!(access_key_id, "ak-test-0001");
    assert_eq!(secret_access_key.expose(), "sk-test-0001");

    vault
        .store(&id, &Credentials::Token(Secret::new("tok-test-0002")))
        .unwrap();
    assert!(
        matches!(vault.load(&id).unwrap(), Credentials::Token(t) if t.expose() == "tok-test-0002")
    );

    assert!(vault.delete(&id).unwrap());
    assert!(!vault.delete(&id).unwrap(), "a second delete finds nothing");
}

#[test]
fn nothing_saved_is_not_found() {
    let Some((vault, id)) = keyring_or_skip() else {
        return;
    };
    let e = vault.load(&id).unwrap_err();
    assert_eq!(e.code(), ErrorCode::NotFound);
    assert!(e.to_string().contains("no credentials saved"), "{e}");
}

#[test]
fn profiles_and_services_are_separate() {
    let Some((vault, id)) = keyring_or_skip() else {
        return;
    };
    let other_id = format!("{id}-other");
    vault.store(&id, &access_key("sk-test-a")).unwrap();
    vault.store(&other_id, &access_key("sk-test-b")).unwrap();
    assert_eq!(
        Vault::new("app.cachedesk.test-other")
            .load(&id)
            .unwrap_err()
            .code(),
        ErrorCode::NotFound
    );
    vault.delete(&id).unwrap();
    assert!(matches!(vault.load(&other_id).unwrap(),
        Credentials::AccessKey { secret_access_key, .. } if secret_access_key.expose() == "sk-test-b"));
    vault.delete(&other_id).unwrap();
}

#[test]
fn no_session_bus_is_a_keyring_error_with_a_reason() {
    if keyring_or_skip().is_none() {
        return;
    }
    // A child process without a session bus: the keyring cannot be reached at all.
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "child_without_bus",
            "--nocapture",
            "--include-ignored",
        ])
        .env("CACHEDESK_VAULT_CHILD", "1")
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/cachedesk-test-bus",
        )
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("child saw: keyring"), "{stdout}");
}

#[test]
fn child_without_bus() {
    if std::env::var("CACHEDESK_VAULT_CHILD").as_deref() != Ok("1") {
        return;
    }
    let e = Vault::new(TEST_SERVICE).load("any-profile").unwrap_err();
    assert_eq!(e.code(), ErrorCode::Keyring);
    assert!(e.to_string().contains("D-Bus"), "{e}");
    println!("child saw: keyring: {e}");
}

#[test]
fn each_data_dir_has_its_own_entries() {
    let Some((_, id)) = keyring_or_skip() else {
        return;
    };
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (vault_a, vault_b) = (Vault::for_data_dir(a.path()), Vault::for_data_dir(b.path()));
    assert_ne!(vault_a.service(), vault_b.service());
    vault_a.store(&id, &access_key("sk-test-a")).unwrap();
    assert_eq!(vault_b.load(&id).unwrap_err().code(), ErrorCode::NotFound);
    assert!(Vault::for_data_dir(a.path()).delete(&id).unwrap());
}

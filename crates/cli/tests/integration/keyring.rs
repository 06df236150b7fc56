//! Credentials in the OS keyring, against a real Secret Service, the private one only: run the
//! suite under `bash scripts/with-keyring.sh`. Elsewhere (a desktop's own keyring, or none) these
//! tests fail with a clear message unless `CACHEDESK_SKIP_KEYRING_TESTS=1`; the binary never
//! sees a bus but the private one (`crate::common::Env::command`).

use crate::common::{urls, Env, ACCESS_KEY, HOST, SECRET_KEY, TOKEN};
use cachedesk_api::{Desk, Door};
use cachedesk_core::{Credentials, ErrorCode, Secret, Vendor};
use cachedesk_engine::{EngineOptions, ProfileDraft, DATABASE_FILE};
use cachedesk_vault::Vault;

use cachedesk_vault::testing::NO_BUS;

/// False when the keyring tests are explicitly skipped; panics unless the private keyring
/// answers.
fn secret_service() -> bool {
    cachedesk_vault::testing::private_keyring_or_skip()
}

fn add_with_stdin(env: &Env, name: &str, vendor: Vendor, stdin: &str) -> crate::common::Run {
    let endpoint = env.endpoint(vendor);
    let args = [
        "profile",
        "add",
        name,
        "--vendor",
        vendor.slug(),
        "--endpoint",
        &endpoint,
        "--domain",
        HOST,
    ];
    crate::common::run(env.command(), &args, Some(stdin))
}

/// `id` (the row id) or `uuid` (the key of its keyring entry) of a profile.
fn profile_field(env: &Env, name: &str, field: &str) -> String {
    let shown = env
        .run(&["profile", "show", name, "--json"])
        .expect(0)
        .json();
    match &shown["profile"][field] {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn profile_id(env: &Env, name: &str) -> String {
    profile_field(env, name, "id")
}

fn profile_uuid(env: &Env, name: &str) -> String {
    profile_field(env, name, "uuid")
}

#[test]
fn profile_add_saves_to_the_keyring_and_rm_deletes() {
    if !secret_service() {
        return;
    }
    let env = Env::start();
    add_with_stdin(
        &env,
        "cdn",
        Vendor::BaiduCdn,
        &format!("{ACCESS_KEY}\n{SECRET_KEY}\n"),
    )
    .expect(0);
    add_with_stdin(&env, "bs", Vendor::Baishan, &format!("{TOKEN}\n")).expect(0);
    let vault = Vault::for_data_dir(env.data_dir());
    let cdn_id = profile_uuid(&env, "cdn");
    match vault.load(&cdn_id).unwrap() {
        Credentials::AccessKey {
            access_key_id,
            secret_access_key,
        } => {
            assert_eq!(
                (access_key_id.as_str(), secret_access_key.expose()),
                (ACCESS_KEY, SECRET_KEY)
            );
        }
        Credentials::Token(_) => panic!("access keys came back as a token"),
    }

    for f in crate::common::files_under(env.data_dir()) {
        assert!(
            !crate::common::file_contains(&f, SECRET_KEY)
                && !crate::common::file_contains(&f, TOKEN),
            "{}",
            f.display()
        );
    }

    // Later commands read the keyring: no credentials in the environment.
    let shown = crate::common::run(env.command(), &["profile", "show", "cdn", "--json"], None)
        .expect(0)
        .json();
    assert_eq!(shown["credentials"], "keyring");
    for profile in ["cdn", "bs"] {
        let run = crate::common::run(
            env.command(),
            &["purge", "-p", profile, "--wait"],
            Some(&urls(2, profile).join("\n")),
        );
        run.expect(0);
    }
    assert_eq!(env.sim().submitted_urls(Vendor::Baishan).len(), 2);

    crate::common::run(env.command(), &["profile", "rm", "cdn"], None).expect(0);
    assert_eq!(vault.load(&cdn_id).unwrap_err().code(), ErrorCode::NotFound);
    let bs_id = profile_uuid(&env, "bs");
    crate::common::run(env.command(), &["profile", "rm", "bs"], None).expect(0);
    assert_eq!(vault.load(&bs_id).unwrap_err().code(), ErrorCode::NotFound);
}

#[test]
fn missing_input_keeps_no_half_profile() {
    let env = Env::start();
    let run = add_with_stdin(&env, "cdn", Vendor::BaiduCdn, &format!("{ACCESS_KEY}\n"));
    run.expect(2);
    assert!(run.stderr.contains("secret key"), "{}", run.stderr);
    let list = env.run(&["profile", "list", "--json"]).expect(0).json();
    assert!(list["profiles"].as_array().unwrap().is_empty());
}

#[test]
fn environment_credentials_never_touch_the_keyring() {
    let env = Env::start();
    let mut add = env.with_env_credentials();
    add.env("DBUS_SESSION_BUS_ADDRESS", NO_BUS);
    let endpoint = env.endpoint(Vendor::Baishan);
    crate::common::run(
        add,
        &[
            "profile",
            "add",
            "bs",
            "--vendor",
            "baishan",
            "--endpoint",
            &endpoint,
            "--domain",
            HOST,
        ],
        None,
    )
    .expect(0);
    for args in [
        &["purge", "-p", "bs", "--wait"][..],
        &["profile", "test", "bs"],
        &["profile", "rm", "bs"],
    ] {
        let mut cmd = env.with_env_credentials();
        cmd.env("DBUS_SESSION_BUS_ADDRESS", NO_BUS);
        crate::common::run(cmd, args, Some(&urls(1, "env").join("\n"))).expect(0);
    }
}

#[test]
fn unreachable_keyring_is_exit_three_with_a_reason() {
    let env = Env::start();
    let mut add = env.command();
    add.env("DBUS_SESSION_BUS_ADDRESS", NO_BUS);
    let endpoint = env.endpoint(Vendor::BaiduCdn);
    let args = [
        "profile",
        "add",
        "cdn",
        "--vendor",
        "baidu-cdn",
        "--endpoint",
        &endpoint,
        "--domain",
        HOST,
    ];
    let run = crate::common::run(add, &args, Some(&format!("{ACCESS_KEY}\n{SECRET_KEY}\n")));
    run.expect(3);
    assert!(run.stderr.contains("keyring"), "{}", run.stderr);
    let list = env.run(&["profile", "list", "--json"]).expect(0).json();
    assert!(
        list["profiles"].as_array().unwrap().is_empty(),
        "the profile was taken back"
    );
}

#[test]
fn no_saved_credentials_says_how_to_add_them() {
    if !secret_service() {
        return;
    }
    let env = Env::start();
    env.add_profile("cdn", Vendor::BaiduCdn, &[]);
    let run = crate::common::run(env.command(), &["quota", "-p", "cdn", "--json"], None);
    run.expect(3);
    let doc = run.json();
    assert_eq!(doc["error"]["code"], "auth");
    assert_eq!(doc["error"]["details"]["reason"], "no_credentials");
    assert!(
        run.stderr.contains("CACHEDESK_ACCESS_KEY"),
        "{}",
        run.stderr
    );
}

/// Issue 10: keyring entries were filed under the profile's row id, so a database made anew in
/// the same folder (deleted, restored from elsewhere) gave the old profile's keys to the new
/// profile that got the same id.
#[test]
fn a_recreated_database_hands_no_old_keys_to_a_new_profile() {
    if !secret_service() {
        return;
    }
    let env = Env::start();
    add_with_stdin(
        &env,
        "old",
        Vendor::BaiduCdn,
        &format!("{ACCESS_KEY}\n{SECRET_KEY}\n"),
    )
    .expect(0);
    let old_id = profile_id(&env, "old");
    for entry in std::fs::read_dir(env.data_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::remove_file(path).unwrap();
        }
    }
    env.add_profile("new", Vendor::BaiduCdn, &[]);
    assert_eq!(profile_id(&env, "new"), old_id, "the row id is reused");
    let shown = crate::common::run(env.command(), &["profile", "show", "new", "--json"], None)
        .expect(0)
        .json();
    assert_eq!(
        shown["credentials"], "missing",
        "the new profile must not find the old profile's keys"
    );
}

/// Issue 10: the app filed its entries under the default folder's keyring service whatever its
/// data folder, the command under the folder's own: with `CACHEDESK_DATA_DIR` set they did not
/// see each other's keys. Both now open their secrets through `cachedesk_api`.
#[test]
fn the_app_and_the_command_read_the_same_entries() {
    if !secret_service() {
        return;
    }
    let env = Env::start();
    let desk = Desk::open(env.data_dir(), Door::App, EngineOptions::default()).unwrap();
    let draft = ProfileDraft {
        name: "site".into(),
        vendor: Vendor::Baishan,
        endpoint: Some(env.endpoint(Vendor::Baishan)),
        site: None,
        domains: vec![HOST.into()],
        batch_size: None,
        concurrency: None,
    };
    let token = Credentials::Token(Secret::new(TOKEN));
    let profile = desk.save_profile(None, draft, Some(token)).unwrap();
    let shown = crate::common::run(env.command(), &["profile", "show", "site", "--json"], None)
        .expect(0)
        .json();
    assert_eq!(shown["credentials"], "keyring");
    crate::common::run(
        env.command(),
        &["purge", "-p", "site", "--wait"],
        Some(&urls(1, "app").join("\n")),
    )
    .expect(0);
    crate::common::run(env.command(), &["profile", "rm", "site"], None).expect(0);
    assert_eq!(
        desk.secrets().load(&profile).unwrap_err().code(),
        ErrorCode::NotFound
    );
}

/// A profile saved before entries were keyed by UUID keeps its keys: the entry under its row
/// id is found and moved to the UUID.
#[test]
fn entries_under_the_old_row_id_are_found_and_moved() {
    if !secret_service() {
        return;
    }
    let env = Env::start();
    env.add_profile("old", Vendor::Baishan, &[]);
    let uuid = profile_uuid(&env, "old");
    // As the database migration leaves a profile saved by an earlier version.
    let db = rusqlite::Connection::open(env.data_dir().join(DATABASE_FILE)).unwrap();
    db.execute("UPDATE profiles SET legacy_key = CAST(id AS TEXT)", [])
        .unwrap();
    drop(db);
    let legacy = profile_id(&env, "old");
    let vault = Vault::for_data_dir(env.data_dir());
    vault
        .store(&legacy, &Credentials::Token(Secret::new(TOKEN)))
        .unwrap();

    let shown = crate::common::run(env.command(), &["profile", "show", "old", "--json"], None)
        .expect(0)
        .json();
    assert_eq!(shown["credentials"], "keyring");
    assert!(matches!(vault.load(&uuid), Ok(Credentials::Token(t)) if t.expose() == TOKEN));
    assert_eq!(vault.load(&legacy).unwrap_err().code(), ErrorCode::NotFound);
    crate::common::run(env.command(), &["profile", "rm", "old"], None).expect(0);
    assert_eq!(vault.load(&uuid).unwrap_err().code(), ErrorCode::NotFound);
}

//! Credentials in the OS keyring, against a real Secret Service: run the suite under
//! `bash scripts/with-keyring.sh`. A missing Secret Service fails these tests with a clear
//! message unless `CACHEDESK_SKIP_KEYRING_TESTS=1`.
mod common;

use cachedesk_core::{Credentials, ErrorCode, Vendor};
use cachedesk_vault::Vault;
use common::{urls, Env, ACCESS_KEY, HOST, SECRET_KEY, TOKEN};

/// A session bus address where nothing listens: the keyring cannot be reached at all.
const NO_BUS: &str = "unix:path=/nonexistent/cachedesk-test-bus";

/// False when the keyring tests are explicitly skipped; panics when no keyring answers.
fn secret_service() -> bool {
    match Vault::new("app.cachedesk.test").delete("probe") {
        Ok(_) => true,
        Err(_) if std::env::var("CACHEDESK_SKIP_KEYRING_TESTS").as_deref() == Ok("1") => false,
        Err(e) => panic!(
            "no usable OS keyring: {e}\nRun the tests under `bash scripts/with-keyring.sh cargo test ...` \
             (starts a private Secret Service), or set CACHEDESK_SKIP_KEYRING_TESTS=1 to skip them."
        ),
    }
}

fn add_with_stdin(env: &Env, name: &str, vendor: Vendor, stdin: &str) -> common::Run {
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
    common::run(env.command(), &args, Some(stdin))
}

fn profile_id(env: &Env, name: &str) -> String {
    let shown = env
        .run(&["profile", "show", name, "--json"])
        .expect(0)
        .json();
    shown["profile"]["id"].to_string()
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
    let cdn_id = profile_id(&env, "cdn");
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

    for f in common::files_under(env.data_dir()) {
        assert!(
            !common::file_contains(&f, SECRET_KEY) && !common::file_contains(&f, TOKEN),
            "{}",
            f.display()
        );
    }

    // Later commands read the keyring: no credentials in the environment.
    let shown = common::run(env.command(), &["profile", "show", "cdn", "--json"], None)
        .expect(0)
        .json();
    assert_eq!(shown["credentials"], "keyring");
    for profile in ["cdn", "bs"] {
        let run = common::run(
            env.command(),
            &["purge", "-p", profile, "--wait"],
            Some(&urls(2, profile).join("\n")),
        );
        run.expect(0);
    }
    assert_eq!(env.sim().submitted_urls(Vendor::Baishan).len(), 2);

    common::run(env.command(), &["profile", "rm", "cdn"], None).expect(0);
    assert_eq!(vault.load(&cdn_id).unwrap_err().code(), ErrorCode::NotFound);
    let bs_id = profile_id(&env, "bs");
    common::run(env.command(), &["profile", "rm", "bs"], None).expect(0);
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
    common::run(
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
        common::run(cmd, args, Some(&urls(1, "env").join("\n"))).expect(0);
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
    ];
    let run = common::run(add, &args, Some(&format!("{ACCESS_KEY}\n{SECRET_KEY}\n")));
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
    let run = common::run(env.command(), &["quota", "-p", "cdn", "--json"], None);
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

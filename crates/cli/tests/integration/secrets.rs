//! No secret in the data folder, in any output or in any error message.

use crate::common::{urls, Env, Run, SECRET_KEY, TOKEN, WRONG_SECRET};
use cachedesk_core::Vendor;

#[test]
fn secrets_stay_out_of_files_and_output() {
    let mut env = Env::start();
    let mut runs: Vec<Run> = Vec::new();
    env.add_profile("cdn", Vendor::BaiduCdn, &[]);
    env.add_profile("bs", Vendor::Baishan, &[]);
    let file = env.write_urls("u.txt", &urls(3, "secret"));
    let path = file.to_str().unwrap();
    for profile in ["cdn", "bs"] {
        runs.push(env.run(&["purge", "-p", profile, "--wait", "--json", path]));
        runs.push(env.run(&["purge", "-p", profile, "--wait", path]));
        runs.push(env.run(&["status", "-p", profile, "--since", "1d", "--json"]));
        runs.push(env.run(&["quota", "-p", profile]));
        runs.push(env.run(&["profile", "show", profile, "--json"]));
        runs.push(env.run(&["profile", "test", profile]));
        let mut wrong = env.with_env_credentials();
        wrong
            .env("CACHEDESK_SECRET_KEY", WRONG_SECRET)
            .env("CACHEDESK_TOKEN", WRONG_SECRET);
        let wrong_run = crate::common::run(wrong, &["purge", "-p", profile, "--json", path], None);
        assert_eq!(wrong_run.code, 3);
        runs.push(wrong_run);
    }
    runs.push(env.run(&["jobs", "--json"]));
    runs.push(env.run(&["export", "1", "--csv", "-"]));
    env.stop_sim();
    runs.push(env.run(&["purge", "-p", "bs", "--json", path]));

    for secret in [SECRET_KEY, TOKEN, WRONG_SECRET] {
        for run in &runs {
            assert!(
                !run.stdout.contains(secret) && !run.stderr.contains(secret),
                "{secret} printed:\n{}{}",
                run.stdout,
                run.stderr
            );
        }
        let files = crate::common::files_under(env.data_dir());
        assert!(
            files
                .iter()
                .any(|f| f.extension().is_some_and(|e| e == "sqlite3")),
            "{files:?}"
        );
        for f in files {
            assert!(
                !crate::common::file_contains(&f, secret),
                "{secret} in {}",
                f.display()
            );
        }
    }
}

//! docs/json.md shows one example of every `--json` document; this runs the same commands
//! against the simulator and fails when a document's fields differ from its example (names and
//! nesting, not values). Change the doc in the same commit as the output.

use crate::common::{Env, HOST};
use cachedesk_core::Vendor;
use serde_json::Value;
use std::collections::BTreeSet;

/// The ```json NAME blocks of docs/json.md.
fn examples() -> Vec<(String, Value)> {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/json.md"))
        .expect("docs/json.md");
    let mut found = Vec::new();
    let mut lines = doc.lines();
    while let Some(line) = lines.next() {
        let Some(name) = line.strip_prefix("```json ") else {
            continue;
        };
        let body: Vec<&str> = lines.by_ref().take_while(|l| *l != "```").collect();
        let value = serde_json::from_str(&body.join("\n"))
            .unwrap_or_else(|e| panic!("docs/json.md, example {name}: {e}"));
        found.push((name.trim().to_owned(), value));
    }
    found
}

/// Every field path of a document: `a.b`, `a[].c`.
fn paths(value: &Value, prefix: &str, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                out.insert(path.clone());
                paths(v, &path, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                paths(item, &format!("{prefix}[]"), out);
            }
        }
        _ => {}
    }
}

fn field_paths(value: &Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    paths(value, "", &mut out);
    out
}

#[test]
fn every_documented_json_shape_is_what_the_command_prints() {
    let env = Env::start();
    env.add_profile("site", Vendor::BaiduCdn, &[]);
    let file = env.write_urls(
        "urls.txt",
        &[
            format!("https://{HOST}/a.html"),
            format!("https://{HOST}/b.html"),
            "https://other.example.net/x".to_owned(),
            format!("https://{HOST}/a.html"),
        ],
    );
    let file = file.to_str().unwrap();
    let commands: [(&str, Vec<&str>, i32); 8] = [
        ("profile-list", vec!["profile", "list", "--json"], 0),
        ("profile-show", vec!["profile", "show", "site", "--json"], 0),
        (
            "dry-run",
            vec!["purge", "-p", "site", "--dry-run", "--json", file],
            1,
        ),
        (
            "purge",
            vec!["purge", "-p", "site", "--wait", "--json", file],
            1,
        ),
        ("jobs", vec!["jobs", "--json"], 0),
        ("quota", vec!["quota", "-p", "site", "--json"], 0),
        (
            "status",
            vec!["status", "-p", "site", "--since", "1d", "--json"],
            0,
        ),
        ("error", vec!["purge", "-p", "nosuch", "--json", file], 2),
    ];
    let examples = examples();
    let documented: BTreeSet<&str> = examples.iter().map(|(n, _)| n.as_str()).collect();
    let run: BTreeSet<&str> = commands.iter().map(|(n, ..)| *n).collect();
    assert_eq!(
        documented, run,
        "docs/json.md's examples and this test's commands"
    );
    for (name, args, code) in &commands {
        let printed = env.run(args).expect(*code).json();
        let example = &examples.iter().find(|(n, _)| n == name).unwrap().1;
        let (want, got) = (field_paths(example), field_paths(&printed));
        assert!(
            want == got,
            "`cachedesk {}` prints other fields than docs/json.md's example {name}:\n\
             only in the doc: {:?}\nonly in the output: {:?}",
            args.join(" "),
            want.difference(&got).collect::<Vec<_>>(),
            got.difference(&want).collect::<Vec<_>>()
        );
    }
}

/// The command's job document starts with the job the app's IPC sends
/// (`cachedesk_api::wire::JobSummary`, which `src-tauri` re-exports as its `JobSummary`): the
/// same field names with the same values, `status` and `outcome` among them.
#[test]
fn the_commands_job_is_the_apps_job() {
    let env = Env::start();
    env.add_profile("site", Vendor::BaiduCdn, &[]);
    let file = env.write_urls(
        "urls.txt",
        &[format!("https://{HOST}/a.html"), "not a url".to_owned()],
    );
    let args = [
        "purge",
        "-p",
        "site",
        "--wait",
        "--json",
        file.to_str().unwrap(),
    ];
    let document = env.run(&args).expect(1).json();

    let engine = cachedesk_engine::Engine::open(env.data_dir()).unwrap();
    let id = document["id"].as_str().unwrap().parse().unwrap();
    let job = engine.job(cachedesk_engine::JobId(id)).unwrap();
    let apps = serde_json::to_value(cachedesk_api::wire::JobSummary::from(job)).unwrap();
    let apps = apps.as_object().unwrap();
    for (field, value) in apps {
        assert_eq!(&document[field], value, "field {field} of {document}");
    }
    assert_eq!(
        (&apps["status"], &apps["outcome"]),
        (&"finished".into(), &"completed".into())
    );
    let rejected = &document["rejected"][0];
    assert_eq!(
        (&rejected["reason_code"], &rejected["job_line"]),
        (&"not_a_url".into(), &2.into())
    );
}

/// `cachedesk profile show --json` and `profile list --json` print the profile the app's IPC
/// sends (`cachedesk_api::wire::Profile`): read back as that type it prints the same again (no
/// field more or less), with the engine's values and `has_credentials` from the same lookup
/// (here the environment's credentials). The app's side is not built here: its door reads
/// the keyring, which this test never touches.
#[test]
fn the_commands_profile_is_the_apps_profile() {
    let env = Env::start();
    env.add_profile("site", Vendor::BaiduCdn, &[]);
    let shown = env
        .run(&["profile", "show", "site", "--json"])
        .expect(0)
        .json();
    let listed = env.run(&["profile", "list", "--json"]).expect(0).json();
    assert_eq!(listed["profiles"][0], shown["profile"]);

    let apps: cachedesk_api::wire::Profile =
        serde_json::from_value(shown["profile"].clone()).unwrap();
    assert_eq!(serde_json::to_value(&apps).unwrap(), shown["profile"]);
    let engine = cachedesk_engine::Engine::open(env.data_dir()).unwrap();
    let profile = engine.profiles().unwrap().remove(0);
    assert_eq!(
        (apps.id, apps.uuid, apps.created_at, apps.concurrency),
        (
            profile.id.to_string(),
            profile.uuid,
            profile.created_at,
            profile.concurrency
        )
    );
    assert!(apps.has_credentials && !apps.demo, "{shown}");
}

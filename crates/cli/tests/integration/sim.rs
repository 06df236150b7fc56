//! `cachedesk sim`: the simulator as a subcommand, usable by the other subcommands.

use crate::common::{urls, Env, HOST};
use std::io::{BufRead, BufReader};
use std::process::Stdio;

#[test]
fn the_sim_subcommand_serves_the_vendor_apis() {
    let env = Env::start();
    let mut sim = env
        .command()
        .args(["sim", "--speed", "instant"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut banner = BufReader::new(sim.stdout.take().unwrap()).lines();
    let mut endpoint = None;
    for line in banner.by_ref().take(3) {
        let line = line.unwrap();
        if let Some(url) = line.strip_prefix("baishan ") {
            endpoint = Some(url.to_owned());
        }
    }
    let endpoint = endpoint.expect("the banner names the Baishan endpoint");

    let mut add = env.command();
    add.env("CACHEDESK_TOKEN", cachedesk_sim::DEMO_TOKEN);
    let args = [
        "profile",
        "add",
        "demo",
        "--vendor",
        "baishan",
        "--endpoint",
        &endpoint,
        "--domain",
        HOST,
    ];
    crate::common::run(add, &args, None).expect(0);
    let mut purge = env.command();
    purge.env("CACHEDESK_TOKEN", cachedesk_sim::DEMO_TOKEN);
    let run = crate::common::run(
        purge,
        &["purge", "-p", "demo", "--wait", "--json"],
        Some(&urls(2, "demo").join("\n")),
    );
    run.expect(0);
    assert_eq!(run.json()["counts"]["completed"], 2);
    sim.kill().unwrap();
    sim.wait().unwrap();
}

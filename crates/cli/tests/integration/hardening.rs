//! The command holds account keys: a crash of it must leave no core dump (docs/security.md).

use crate::common::Env;
use std::io::{BufRead, BufReader};
use std::process::Stdio;

#[cfg(target_os = "linux")]
#[test]
fn the_command_runs_with_core_dumps_off() {
    let env = Env::start();
    // `cachedesk sim` runs until stopped: its limits can be read while it does.
    let mut sim = env
        .command()
        .args(["sim", "--speed", "instant"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = BufReader::new(sim.stdout.take().unwrap()).lines().next();
    let limits = std::fs::read_to_string(format!("/proc/{}/limits", sim.id()));
    sim.kill().unwrap();
    sim.wait().unwrap();
    assert!(started.is_some(), "the simulator started");
    let limits = limits.unwrap();
    let core = limits
        .lines()
        .find(|l| l.starts_with("Max core file size"))
        .unwrap();
    let numbers: Vec<&str> = core.split_whitespace().skip(4).take(2).collect();
    assert_eq!(numbers, ["0", "0"], "{core}");
}

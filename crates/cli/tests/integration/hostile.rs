//! Hostile input to the real binary: a clear exit, never an abort or a terminal taken over.

use crate::common::Env;
use cachedesk_core::Vendor;
use std::io::Write;
use std::process::{Command, Stdio};

/// The binary's command, run under an address-space limit of `bytes`.
fn limited(env: &Env, bytes: u64, args: &[&str]) -> crate::common::Run {
    let binary = env.with_env_credentials();
    let mut cmd = Command::new("prlimit");
    cmd.arg(format!("--as={bytes}"))
        .arg("--")
        .arg(binary.get_program())
        .args(binary.get_args());
    for (key, value) in binary.get_envs() {
        match value {
            Some(value) => cmd.env(key, value),
            None => cmd.env_remove(key),
        };
    }
    crate::common::run(cmd, args, None)
}

#[test]
fn a_two_cell_workbook_under_a_1_gb_address_space_limit_reads_its_url() {
    let env = Env::start();
    env.add_profile("cdn", Vendor::BaiduCdn, &[]);
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet
        .write_string(0, 0, format!("https://{}/a.png", crate::common::HOST))
        .unwrap();
    sheet
        .write_string(1_048_575, 16_383, "https://far.example.com/x.png")
        .unwrap();
    let path = env.data_dir().join("two-cells.xlsx");
    std::fs::write(&path, workbook.save_to_buffer().unwrap()).unwrap();
    let run = limited(
        &env,
        1 << 30,
        &[
            "purge",
            "-p",
            "cdn",
            "--dry-run",
            "--json",
            path.to_str().unwrap(),
        ],
    );
    run.expect(0);
    assert_eq!(run.json()["batches"][0]["urls"], 1, "{}", run.stdout);
}

#[test]
fn more_than_the_input_limit_on_stdin_exits_2_with_too_large() {
    let env = Env::start();
    env.add_profile("cdn", Vendor::BaiduCdn, &[]);
    let mut child = env
        .with_env_credentials()
        .args(["purge", "-p", "cdn", "--dry-run", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || {
        let chunk = vec![b'a'; 1 << 20];
        // Stops when the program has read its fill and closed the pipe.
        for _ in 0..300 {
            if stdin.write_all(&chunk).is_err() {
                break;
            }
        }
    });
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    let run = crate::common::output(out);
    run.expect(2);
    assert!(run.stderr.contains("too large"), "{}", run.stderr);
}

#[test]
fn a_rejected_line_with_terminal_escapes_prints_no_escape_byte() {
    let env = Env::start();
    env.add_profile("cdn", Vendor::BaiduCdn, &[]);
    let hostile = "\u{1b}]52;c;ZXZpbA==\u{7}https://evil\u{1b}[2J\n";
    let run = env.run_with_stdin(&["purge", "-p", "cdn", "--dry-run", "-"], hostile);
    assert!(!run.stdout.contains('\u{1b}'), "{:?}", run.stdout);
    assert!(!run.stderr.contains('\u{1b}'), "{:?}", run.stderr);
}

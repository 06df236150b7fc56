//! The `cachedesk-sim` binary: its banner, a live answer, and a clean exit on SIGTERM.
#![cfg(unix)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

#[test]
fn prints_the_banner_serves_and_stops_on_sigterm() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cachedesk-sim"))
        .args([
            "--speed", "instant", "--domain", "a.test", "--domain", "b.test", "--site", "c.test",
        ])
        .args(["--token", "tok-test-0001"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let stdout = child.stdout.take().expect("piped stdout");
    let lines: Vec<String> = BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .take(9)
        .collect();
    let keys: Vec<&str> = lines
        .iter()
        .filter_map(|l| l.split_once(' ').map(|(k, _)| k))
        .collect();
    assert_eq!(
        keys,
        [
            "baidu-cdn",
            "baidu-geo",
            "baishan",
            "access-key",
            "secret-key",
            "token",
            "domain",
            "domain",
            "site"
        ],
        "{lines:?}"
    );
    assert_eq!(
        &lines[5..],
        [
            "token tok-test-0001",
            "domain a.test",
            "domain b.test",
            "site c.test"
        ]
    );
    assert_eq!(
        lines[3],
        format!("access-key {}", cachedesk_sim::DEMO_ACCESS_KEY)
    );
    let baishan = lines[2].trim_start_matches("baishan http://").to_owned();
    assert!(baishan.starts_with("127.0.0.1:"), "{}", lines[2]);

    let mut stream = TcpStream::connect(&baishan).expect("the port is open");
    let request = format!(
        "GET /v2/cache/refresh?token=tok-test-0001 HTTP/1.1\r\nHost: {baishan}\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).expect("request sent");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("an answer");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(
        answer
            .to_ascii_lowercase()
            .contains("x-ratelimit-remaining: 149"),
        "{answer}"
    );

    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let status = child.wait().expect("the binary exits");
    assert!(status.success(), "{status:?}");
}

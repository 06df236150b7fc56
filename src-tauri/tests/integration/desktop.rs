//! The real app binary under Xvfb, as an editor would meet it: started on a damaged
//! database it shows the native dialog saying so (not a silent exit), and a forced panic
//! (debug builds only) writes a crash report and shows a dialog naming it. Skipped where Xvfb,
//! xwininfo or dbus-run-session are missing (scripts/setup.sh installs them).

use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Xvfb {
    server: Child,
    display: String,
}

impl Xvfb {
    fn start() -> Option<Xvfb> {
        for tool in ["Xvfb", "xwininfo", "dbus-run-session"] {
            if Command::new("which")
                .arg(tool)
                .output()
                .ok()?
                .stdout
                .is_empty()
            {
                eprintln!("skipped: no {tool}");
                return None;
            }
        }
        let mut server = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "1280x800x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        let mut line = String::new();
        BufReader::new(server.stdout.take()?)
            .read_line(&mut line)
            .ok()?;
        Some(Xvfb {
            server,
            display: format!(":{}", line.trim()),
        })
    }

    /// Waits until a window with this title exists.
    fn wait_for_window(&self, title: &str) -> bool {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            let tree = Command::new("xwininfo")
                .args(["-root", "-tree"])
                .env("DISPLAY", &self.display)
                .output()
                .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
                .unwrap_or_default();
            if tree.contains(&format!("\"{title}\"")) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        false
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.server.kill();
        let _ = self.server.wait();
    }
}

/// The app in its own process group (with its private session bus), ended with the group.
struct App(Child);

impl App {
    fn start(x: &Xvfb, home: &Path, data: &Path, logs: &Path, extra: &[(&str, &str)]) -> App {
        let mut cmd = Command::new("dbus-run-session");
        cmd.arg("--")
            .arg(env!("CARGO_BIN_EXE_cachedesk-app"))
            .env("DISPLAY", &x.display)
            .env("HOME", home)
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("CACHEDESK_DATA_DIR", data)
            .env("CACHEDESK_LOG_DIR", logs)
            .env("LANG", "C.UTF-8")
            .env_remove("LC_ALL")
            .env_remove("LANGUAGE")
            .env_remove("CACHEDESK_LOG")
            .envs(extra.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0);
        App(cmd.spawn().expect("the app starts"))
    }
}

impl Drop for App {
    fn drop(&mut self) {
        let group = format!("-{}", self.0.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.0.wait();
    }
}

fn folders() -> (tempfile::TempDir, PathBuf, PathBuf, PathBuf) {
    let root = tempfile::tempdir().unwrap();
    let (home, data, logs) = (
        root.path().join("home"),
        root.path().join("data"),
        root.path().join("logs"),
    );
    for dir in [&home, &data, &logs] {
        std::fs::create_dir_all(dir).unwrap();
    }
    (root, home, data, logs)
}

#[test]
fn a_damaged_database_opens_a_dialog_saying_so() {
    let Some(x) = Xvfb::start() else { return };
    let (_root, home, data, logs) = folders();
    std::fs::write(
        data.join("cachedesk.sqlite3"),
        "not a database ".repeat(500),
    )
    .unwrap();
    let _app = App::start(&x, &home, &data, &logs, &[]);
    assert!(
        x.wait_for_window("CacheDesk could not start"),
        "no dialog appeared"
    );
    let log = std::fs::read_to_string(logs.join("cachedesk.log")).unwrap();
    assert!(log.contains("CacheDesk cannot open its data"), "{log}");
}

#[test]
fn a_panic_writes_a_crash_report_and_says_where() {
    let Some(x) = Xvfb::start() else { return };
    let (_root, home, data, logs) = folders();
    let _app = App::start(&x, &home, &data, &logs, &[("CACHEDESK_TEST_PANIC", "1")]);
    assert!(
        x.wait_for_window("CacheDesk stopped on an internal error"),
        "no dialog appeared"
    );
    let report = std::fs::read_dir(&logs)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("crash-"))
        })
        .expect("a crash report in the log folder");
    let text = std::fs::read_to_string(report).unwrap();
    assert!(
        text.contains("program: cachedesk-app") && text.contains("a forced panic"),
        "{text}"
    );
}

//! Runs the real `cachedesk` binary against a simulator started in this process, with a real
//! SQLite journal in a temporary data folder.

use cachedesk_core::Vendor;
use cachedesk_sim::{Sim, SimConfig, SimCredentials, Speed};
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

/// Obviously fake secrets, distinctive enough to be searched for in every file and output.
pub const ACCESS_KEY: &str = "ak-cli-test-0001";
pub const SECRET_KEY: &str = "sk-cli-test-SECRET-0001";
pub const TOKEN: &str = "tok-cli-test-SECRET-0001";
pub const WRONG_SECRET: &str = "sk-cli-test-WRONG-9999";

/// Hosts the simulator accelerates by default.
pub const HOST: &str = "www.example.com";

pub struct Env {
    pub sim: Option<Sim>,
    pub dir: tempfile::TempDir,
    runtime: tokio::runtime::Runtime,
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not one JSON document ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }

    #[track_caller]
    pub fn expect(&self, code: i32) -> &Run {
        assert_eq!(
            self.code, code,
            "exit code\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

pub fn config(speed: Speed) -> SimConfig {
    SimConfig {
        credentials: SimCredentials {
            access_key: ACCESS_KEY.into(),
            secret_key: SECRET_KEY.into(),
            token: TOKEN.into(),
        },
        speed,
        ..SimConfig::default()
    }
}

impl Env {
    pub fn start() -> Env {
        Env::with(config(Speed::Instant))
    }

    pub fn with(config: SimConfig) -> Env {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a tokio runtime");
        let sim = runtime
            .block_on(Sim::start(config))
            .expect("the simulator starts");
        Env {
            sim: Some(sim),
            dir: tempfile::tempdir().expect("a temp dir"),
            runtime,
        }
    }

    pub fn sim(&self) -> &Sim {
        self.sim.as_ref().expect("the simulator runs")
    }

    pub fn stop_sim(&mut self) {
        if let Some(sim) = self.sim.take() {
            self.runtime.block_on(sim.shutdown());
        }
    }

    pub fn endpoint(&self, vendor: Vendor) -> String {
        self.sim().endpoint(vendor)
    }

    pub fn data_dir(&self) -> &Path {
        self.dir.path()
    }

    /// The binary with this data folder, English messages and no credentials in its
    /// environment.
    pub fn command(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_cachedesk"));
        cmd.arg("--data-dir").arg(self.data_dir());
        for key in [
            "CACHEDESK_ACCESS_KEY",
            "CACHEDESK_SECRET_KEY",
            "CACHEDESK_TOKEN",
            "CACHEDESK_DATA_DIR",
            "LC_ALL",
            "LC_MESSAGES",
        ] {
            cmd.env_remove(key);
        }
        cmd.env("LANG", "C.UTF-8");
        // The private test keyring, or none: never the keyring of the desktop running the tests.
        cmd.env(
            "DBUS_SESSION_BUS_ADDRESS",
            cachedesk_vault::testing::bus_for_children(),
        );
        cmd
    }

    /// The binary with the simulator's credentials in its environment.
    pub fn with_env_credentials(&self) -> Command {
        let mut cmd = self.command();
        cmd.env("CACHEDESK_ACCESS_KEY", ACCESS_KEY)
            .env("CACHEDESK_SECRET_KEY", SECRET_KEY)
            .env("CACHEDESK_TOKEN", TOKEN);
        cmd
    }

    /// Runs `cachedesk ARGS` with the environment's credentials.
    pub fn run(&self, args: &[&str]) -> Run {
        run(self.with_env_credentials(), args, None)
    }

    pub fn run_with_stdin(&self, args: &[&str], stdin: &str) -> Run {
        run(self.with_env_credentials(), args, Some(stdin))
    }

    /// Saves profile `name` for `vendor` at the simulator (credentials from the environment).
    pub fn add_profile(&self, name: &str, vendor: Vendor, extra: &[&str]) {
        let endpoint = self.endpoint(vendor);
        let mut args = vec![
            "profile",
            "add",
            name,
            "--vendor",
            vendor.slug(),
            "--endpoint",
            &endpoint,
        ];
        if vendor == Vendor::BaiduGeo {
            args.extend(["--site", "example.com"]);
        }
        args.extend(["--domain", HOST]);
        args.extend(extra);
        self.run(&args).expect(0);
    }

    /// A file of URLs in the data folder's parent.
    pub fn write_urls(&self, name: &str, lines: &[String]) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, lines.join("\n") + "\n").expect("the URL file is written");
        path
    }

    pub fn spawn(&self, args: &[&str]) -> Child {
        self.with_env_credentials()
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("cachedesk starts")
    }
}

pub fn run(mut cmd: Command, args: &[&str], stdin: Option<&str>) -> Run {
    cmd.args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("cachedesk starts");
    if let Some(text) = stdin {
        let mut pipe = child.stdin.take().expect("a stdin pipe");
        pipe.write_all(text.as_bytes()).expect("stdin is written");
    }
    output(child.wait_with_output().expect("cachedesk ends"))
}

pub fn output(out: Output) -> Run {
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `n` distinct URLs on the simulator's host.
pub fn urls(n: usize, tag: &str) -> Vec<String> {
    (1..=n)
        .map(|i| format!("https://{HOST}/{tag}/{i}.html"))
        .collect()
}

/// Every file below `dir`.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).expect("a readable folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files_under(&path));
        } else {
            found.push(path);
        }
    }
    found
}

pub fn file_contains(file: &Path, needle: &str) -> bool {
    let bytes = std::fs::read(file).expect("a readable file");
    bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
}

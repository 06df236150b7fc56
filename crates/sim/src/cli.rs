//! `cachedesk-sim` (and the future `cachedesk sim`): start the simulator, print where it is.

use crate::config::{Quotas, SimConfig, SimCredentials, Speed};
use crate::faults::Faults;
use crate::Sim;
use anyhow::Context;
use cachedesk_core::Vendor;
use std::io::Write;
use std::time::Duration;

#[derive(Debug, Clone, clap::Args)]
pub struct SimArgs {
    /// Port of the Baidu CDN API (0 = any free port).
    #[arg(long, default_value_t = 0)]
    pub baidu_cdn_port: u16,
    /// Port of the Baidu GEO API (0 = any free port).
    #[arg(long, default_value_t = 0)]
    pub baidu_geo_port: u16,
    /// Port of the Baishan API (0 = any free port).
    #[arg(long, default_value_t = 0)]
    pub baishan_port: u16,
    #[arg(long, default_value = crate::DEMO_ACCESS_KEY)]
    pub access_key: String,
    #[arg(long, default_value = crate::DEMO_SECRET_KEY)]
    pub secret_key: String,
    #[arg(long, default_value = crate::DEMO_TOKEN)]
    pub token: String,
    /// An accelerated host of Baidu CDN and Baishan (repeat; default: the demo hosts).
    #[arg(long = "domain")]
    pub domains: Vec<String>,
    /// A Baidu GEO site apex (repeat; default: the demo sites).
    #[arg(long = "site")]
    pub sites: Vec<String>,
    /// instant, normal, slow, or a duration such as 10s or 500ms.
    #[arg(long, default_value = "normal", value_parser = parse_speed)]
    pub speed: Speed,
    /// Baidu URL purges + prefetches per 24 hours.
    #[arg(long)]
    pub url_quota: Option<u32>,
    /// Baidu directory purges per 24 hours.
    #[arg(long)]
    pub dir_quota: Option<u32>,
    /// Baishan prefetches per day.
    #[arg(long)]
    pub prefetch_quota: Option<u32>,
    /// URLs per submit request, every vendor (default: 100 CDN, 1000 GEO, 500 Baishan).
    #[arg(long)]
    pub per_request: Option<u32>,
    /// Baishan requests per token and 2 seconds.
    #[arg(long)]
    pub baishan_per_2s: Option<u32>,
    /// Baishan requests per token and minute.
    #[arg(long)]
    pub baishan_per_minute: Option<u32>,
    /// Added to every answer.
    #[arg(long, default_value_t = 0)]
    pub latency_ms: u64,
    /// Every Nth request answers --error-status.
    #[arg(long)]
    pub error_every: Option<u32>,
    /// 500 or 503.
    #[arg(long, default_value_t = 500, value_parser = parse_error_status)]
    pub error_status: u16,
    /// The first N requests of each vendor answer 429.
    #[arg(long)]
    pub rate_limit_burst: Option<u32>,
    /// Every Nth answer has a truncated body.
    #[arg(long)]
    pub malformed_every: Option<u32>,
    /// Every Nth accepted submit closes the connection without an answer.
    #[arg(long)]
    pub drop_after_accept_every: Option<u32>,
    /// The server clock runs this many seconds ahead (negative: behind), at most ten years.
    #[arg(long, default_value_t = 0, allow_negative_numbers = true,
          value_parser = clap::value_parser!(i64).range(-TEN_YEARS_SECS..=TEN_YEARS_SECS))]
    pub clock_skew_secs: i64,
}

const TEN_YEARS_SECS: i64 = 10 * 366 * 86_400;

fn parse_error_status(raw: &str) -> Result<u16, String> {
    match raw {
        "500" => Ok(500),
        "503" => Ok(503),
        _ => Err(format!("the error status is 500 or 503, not {raw}")),
    }
}

fn parse_speed(raw: &str) -> Result<Speed, String> {
    let millis = |n: &str, scale: u64| {
        n.parse::<u64>()
            .map(|n| Speed::Custom(Duration::from_millis(n.saturating_mul(scale))))
            .map_err(|_| format!("not a speed: {raw}"))
    };
    match raw {
        "instant" => Ok(Speed::Instant),
        "normal" => Ok(Speed::Normal),
        "slow" => Ok(Speed::Slow),
        _ => match raw.strip_suffix("ms") {
            Some(n) => millis(n, 1),
            None => raw
                .strip_suffix('s')
                .map_or_else(|| Err(format!("not a speed: {raw}")), |n| millis(n, 1000)),
        },
    }
}

impl SimArgs {
    pub fn config(&self) -> SimConfig {
        let defaults = SimConfig::default();
        let quotas = Quotas {
            baidu_urls: self.url_quota.unwrap_or(defaults.quotas.baidu_urls),
            baidu_dirs: self.dir_quota.unwrap_or(defaults.quotas.baidu_dirs),
            baishan_prefetch: self
                .prefetch_quota
                .unwrap_or(defaults.quotas.baishan_prefetch),
        };
        let mut limits = match self.per_request {
            Some(n) => defaults.limits.with_urls_per_request(n),
            None => defaults.limits,
        };
        if let Some(n) = self.baishan_per_2s {
            limits.baishan_short_window.requests = n;
        }
        if let Some(n) = self.baishan_per_minute {
            limits.baishan_minute_window.requests = n;
        }
        let or_default = |given: &[String], default: Vec<String>| {
            if given.is_empty() {
                default
            } else {
                given.to_vec()
            }
        };
        SimConfig {
            credentials: SimCredentials {
                access_key: self.access_key.clone(),
                secret_key: self.secret_key.clone(),
                token: self.token.clone(),
            },
            domains: or_default(&self.domains, defaults.domains),
            sites: or_default(&self.sites, defaults.sites),
            speed: self.speed,
            quotas,
            limits,
            faults: Faults {
                latency: Duration::from_millis(self.latency_ms),
                error_every_nth: self.error_every.map(|n| (n, self.error_status)),
                rate_limit_burst: self.rate_limit_burst,
                malformed_json_every_nth: self.malformed_every,
                drop_after_accept_every_nth: self.drop_after_accept_every,
                clock_skew: chrono::Duration::seconds(self.clock_skew_secs),
            },
            ports: crate::config::Ports {
                baidu_cdn: self.baidu_cdn_port,
                baidu_geo: self.baidu_geo_port,
                baishan: self.baishan_port,
            },
        }
    }
}

/// The lines printed on start: endpoints, credentials, domains, sites.
pub fn banner(sim: &Sim) -> String {
    let config = sim.config();
    let mut lines: Vec<String> = Vendor::ALL
        .iter()
        .map(|v| format!("{} {}", v.slug(), sim.endpoint(*v)))
        .collect();
    lines.push(format!("access-key {}", config.credentials.access_key));
    lines.push(format!("secret-key {}", config.credentials.secret_key));
    lines.push(format!("token {}", config.credentials.token));
    lines.extend(config.domains.iter().map(|d| format!("domain {d}")));
    lines.extend(config.sites.iter().map(|s| format!("site {s}")));
    lines.join("\n") + "\n"
}

/// Runs until Ctrl-C or SIGTERM.
pub async fn run(args: SimArgs) -> anyhow::Result<()> {
    let sim = Sim::start(args.config())
        .await
        .context("could not bind the simulator's ports on 127.0.0.1")?;
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(banner(&sim).as_bytes())?;
    stdout.flush()?;
    drop(stdout);
    stopped().await?;
    sim.shutdown().await;
    Ok(())
}

#[cfg(unix)]
async fn stopped() -> anyhow::Result<()> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut term = signal(SignalKind::terminate())?;
    tokio::select! {
        result = tokio::signal::ctrl_c() => result?,
        _ = term.recv() => {}
    }
    Ok(())
}

#[cfg(not(unix))]
async fn stopped() -> anyhow::Result<()> {
    tokio::signal::ctrl_c().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        args: SimArgs,
    }

    #[test]
    fn flags_build_the_config() {
        let cli = Cli::parse_from([
            "sim",
            "--speed",
            "250ms",
            "--per-request",
            "5",
            "--error-every",
            "3",
            "--error-status",
            "503",
            "--clock-skew-secs",
            "-3600",
            "--domain",
            "a.test",
            "--url-quota",
            "10",
            "--baishan-per-minute",
            "1000",
        ]);
        let config = cli.args.config();
        assert_eq!(config.speed, Speed::Custom(Duration::from_millis(250)));
        assert_eq!(config.limits.baidu_geo.urls_per_request, 5);
        assert_eq!(config.limits.baidu_geo.dirs_per_request, 5);
        assert_eq!(config.faults.error_every_nth, Some((3, 503)));
        assert_eq!(config.faults.clock_skew, chrono::Duration::seconds(-3600));
        assert_eq!(config.domains, ["a.test"]);
        assert_eq!(config.sites, SimConfig::default().sites);
        assert_eq!(config.quotas.baidu_urls, 10);
        assert_eq!(config.limits.baishan_minute_window.requests, 1000);
        assert_eq!(config.limits.baishan_short_window.requests, 24);
        assert_eq!(parse_speed("2s"), Ok(Speed::Custom(Duration::from_secs(2))));
        assert!(parse_speed("fast").is_err());
        assert!(Cli::try_parse_from(["sim", "--error-status", "502"]).is_err());
        assert!(Cli::try_parse_from(["sim", "--clock-skew-secs", "99999999999"]).is_err());
    }
}

//! `cachedesk-sim` (and the future `cachedesk sim`): start the simulator, print where it is.

use crate::config::{Quotas, SimConfig, SimCredentials, Speed};
use crate::faults::{Faults, Refusal};
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
    /// Baishan requests per token and minute (the `minute` grade; default 150).
    #[arg(long)]
    pub baishan_per_minute: Option<u32>,
    /// Baishan requests per token and hour (the `hour` grade; default 9000).
    #[arg(long)]
    pub baishan_per_hour: Option<u32>,
    /// Baishan requests per token and day (the `day` grade; default 216000).
    #[arg(long)]
    pub baishan_per_day: Option<u32>,
    /// Answer in the documents' shapes instead of the SDKs': CDN `in-process`, `finshedAt`,
    /// `Completed`/`Failed`, `task` sometimes a list, Baishan `page_number` always a string.
    #[arg(long)]
    pub quirks: bool,
    /// Added to every answer.
    #[arg(long, default_value_t = 0)]
    pub latency_ms: u64,
    /// Every Nth request answers --error-status.
    #[arg(long)]
    pub error_every: Option<u32>,
    /// 500 or 503.
    #[arg(long, default_value_t = 500, value_parser = parse_error_status)]
    pub error_status: u16,
    /// The first N requests of each vendor answer 429 (or --throttle-status).
    #[arg(long)]
    pub rate_limit_burst: Option<u32>,
    /// The HTTP status of throttled answers instead of 429 (e.g. 403, or 200: Baishan then says
    /// code 429 in the body); Baishan still sends X-Ratelimit-Remaining: 0 and X-Retry-After.
    #[arg(long, value_parser = parse_status)]
    pub throttle_status: Option<u16>,
    /// Every Nth answer has a truncated body.
    #[arg(long)]
    pub malformed_every: Option<u32>,
    /// Every Nth accepted submit closes the connection without an answer.
    #[arg(long)]
    pub drop_after_accept_every: Option<u32>,
    /// Every Nth accepted submit takes effect, then answers --error-after-handling-status.
    #[arg(long)]
    pub error_after_handling_every: Option<u32>,
    /// A 5xx status, such as 503 from a proxy.
    #[arg(long, default_value_t = 503, value_parser = parse_server_error)]
    pub error_after_handling_status: u16,
    /// Every submit takes effect, then its answer waits this long (e.g. 30s, 500ms, 2m).
    #[arg(long, value_parser = parse_duration)]
    pub hold_answer: Option<Duration>,
    /// Every submit of every vendor is refused without taking effect, e.g.
    /// 403:AccessDenied:quota used up (Baidu's BCE body), or 200:400:bad request (Baishan: HTTP
    /// 200, body code 400; a code that is not a number is sent to Baishan as the status).
    #[arg(long, value_name = "STATUS:CODE[:MESSAGE]", value_parser = parse_refusal)]
    pub refuse_submits: Option<Refusal>,
    /// New records appear in range listings only this long after they were created (e.g. 90s);
    /// queries by task id see them at once.
    #[arg(long, value_parser = parse_duration)]
    pub listing_delay: Option<Duration>,
    /// Listings show URLs in another form than submitted (punycode and Unicode hosts swapped,
    /// percent-escapes in the other case).
    #[arg(long)]
    pub alternate_url_forms: bool,
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

fn parse_status(raw: &str) -> Result<u16, String> {
    raw.parse::<u16>()
        .ok()
        .filter(|s| (100..=599).contains(s))
        .ok_or_else(|| format!("not an HTTP status: {raw}"))
}

fn parse_server_error(raw: &str) -> Result<u16, String> {
    parse_status(raw)
        .ok()
        .filter(|s| *s >= 500)
        .ok_or_else(|| format!("not a 5xx status: {raw}"))
}

/// `500ms`, `30s`, `2m`, `1h`.
fn parse_duration(raw: &str) -> Result<Duration, String> {
    let (number, scale) = if let Some(n) = raw.strip_suffix("ms") {
        (n, 1)
    } else if let Some(n) = raw.strip_suffix('s') {
        (n, 1_000)
    } else if let Some(n) = raw.strip_suffix('m') {
        (n, 60_000)
    } else if let Some(n) = raw.strip_suffix('h') {
        (n, 3_600_000)
    } else {
        return Err(format!("not a duration (500ms, 30s, 2m, 1h): {raw}"));
    };
    number
        .parse::<u64>()
        .map(|n| Duration::from_millis(n.saturating_mul(scale)))
        .map_err(|_| format!("not a duration (500ms, 30s, 2m, 1h): {raw}"))
}

/// `STATUS:CODE[:MESSAGE]`.
fn parse_refusal(raw: &str) -> Result<Refusal, String> {
    let mut parts = raw.splitn(3, ':');
    let status = parse_status(parts.next().unwrap_or(""))?;
    let code = parts
        .next()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .ok_or_else(|| format!("STATUS:CODE[:MESSAGE], not {raw}"))?;
    let message = parts
        .next()
        .filter(|m| !m.trim().is_empty())
        .unwrap_or("the request was refused");
    Ok(Refusal {
        http_status: status,
        code: code.to_owned(),
        message: message.to_owned(),
    })
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
        if let Some(n) = self.baishan_per_hour {
            limits.baishan_hour_window.requests = n;
        }
        if let Some(n) = self.baishan_per_day {
            limits.baishan_day_window.requests = n;
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
                listing_delay: self.listing_delay.unwrap_or_default(),
                hold_answer: self.hold_answer,
                error_after_handling: self
                    .error_after_handling_every
                    .map(|n| (n, self.error_after_handling_status)),
                refuse_submits: self.refuse_submits.clone(),
                alternate_url_forms: self.alternate_url_forms,
                throttle_status: self.throttle_status,
            },
            ports: crate::config::Ports {
                baidu_cdn: self.baidu_cdn_port,
                baidu_geo: self.baidu_geo_port,
                baishan: self.baishan_port,
            },
            quirks: self.quirks,
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
    // Proof at the edge: `cachedesk verify JOB --resolve www.example.com:443:<edge>`.
    lines.push(format!("edge {}", sim.edge_address()));
    lines.push(format!("origin {}", sim.origin_endpoint()));
    lines.join("\n") + "\n"
}

/// Runs until Ctrl-C or SIGTERM.
pub async fn run(args: SimArgs) -> anyhow::Result<()> {
    let sim = Sim::start(args.config())
        .await
        .context("could not bind the simulator's ports on 127.0.0.1")?;
    // The handlers are in place before the banner says the simulator is up: a SIGTERM sent as
    // soon as it is read ends it cleanly instead of killing it.
    let stop = Stop::install()?;
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(banner(&sim).as_bytes())?;
    stdout.flush()?;
    drop(stdout);
    stop.wait().await?;
    sim.shutdown().await;
    Ok(())
}

/// Ctrl-C, and on Unix SIGTERM.
#[cfg(unix)]
struct Stop {
    interrupt: tokio::signal::unix::Signal,
    terminate: tokio::signal::unix::Signal,
}

#[cfg(unix)]
impl Stop {
    fn install() -> anyhow::Result<Stop> {
        use tokio::signal::unix::{signal, SignalKind};
        Ok(Stop {
            interrupt: signal(SignalKind::interrupt())?,
            terminate: signal(SignalKind::terminate())?,
        })
    }

    async fn wait(mut self) -> anyhow::Result<()> {
        tokio::select! {
            _ = self.interrupt.recv() => {}
            _ = self.terminate.recv() => {}
        }
        Ok(())
    }
}

#[cfg(not(unix))]
struct Stop;

#[cfg(not(unix))]
impl Stop {
    fn install() -> anyhow::Result<Stop> {
        Ok(Stop)
    }

    async fn wait(self) -> anyhow::Result<()> {
        tokio::signal::ctrl_c().await?;
        Ok(())
    }
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
        assert!(!config.quirks && config.faults.refuse_submits.is_none());
    }

    #[test]
    fn fault_flags_build_the_faults() {
        let cli = Cli::parse_from([
            "sim",
            "--quirks",
            "--listing-delay",
            "90s",
            "--hold-answer",
            "2m",
            "--error-after-handling-every",
            "2",
            "--refuse-submits",
            "403:AccessDenied:quota: used up",
            "--alternate-url-forms",
            "--throttle-status",
            "200",
            "--baishan-per-hour",
            "40",
            "--baishan-per-day",
            "50",
        ]);
        let config = cli.args.config();
        let f = &config.faults;
        assert!(config.quirks && f.alternate_url_forms);
        assert_eq!(f.listing_delay, Duration::from_secs(90));
        assert_eq!(f.hold_answer, Some(Duration::from_secs(120)));
        assert_eq!(f.error_after_handling, Some((2, 503)));
        assert_eq!(
            f.refuse_submits,
            Some(Refusal::bce(403, "AccessDenied", "quota: used up"))
        );
        assert_eq!(f.throttle_status, Some(200));
        assert_eq!(config.limits.baishan_hour_window.requests, 40);
        assert_eq!(config.limits.baishan_day_window.requests, 50);
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("1h"), Ok(Duration::from_secs(3_600)));
        assert!(parse_duration("10").is_err());
        assert_eq!(
            parse_refusal("200:400"),
            Ok(Refusal::baishan(200, 400, "the request was refused"))
        );
        assert!(parse_refusal("403").is_err() && parse_refusal("abc:x").is_err());
        for bad in [
            vec!["sim", "--error-after-handling-status", "404"],
            vec!["sim", "--throttle-status", "42"],
        ] {
            assert!(Cli::try_parse_from(bad).is_err());
        }
    }
}

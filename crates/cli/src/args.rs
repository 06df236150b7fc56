//! The command line (issue #4): what scripts and tests rely on.

use crate::time_arg;
use cachedesk_core::{Kind, Vendor};
use chrono::{DateTime, Utc};
use clap::{ArgGroup, Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Purge (刷新) and prefetch (预热) CDN caches on Baidu AI Cloud CDN, Baidu GEO and Baishan.
///
/// Credentials come from CACHEDESK_ACCESS_KEY + CACHEDESK_SECRET_KEY (Baidu) or CACHEDESK_TOKEN
/// (Baishan) when set, else from the OS keyring (saved by `profile add`).
/// Exit codes: 0 all accepted (with --wait: completed), 1 some URLs rejected or failed,
/// 2 usage or input error, 3 credentials or keyring, 4 vendor or network unavailable,
/// 5 the local database or data folder cannot be used.
#[derive(Debug, Parser)]
#[command(name = "cachedesk", version)]
pub struct Cli {
    /// Where profiles and history live [env: CACHEDESK_DATA_DIR] (default: the OS data folder).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    #[command(flatten)]
    pub log: LogArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Where the command logs what it does (off unless asked).
#[derive(Debug, Args)]
pub struct LogArgs {
    /// Write a log to FILE (rotated beside it past 5 MB; CACHEDESK_LOG=debug for more).
    #[arg(long, global = true, value_name = "FILE")]
    pub log_file: Option<PathBuf>,
    /// Log to standard error: -v what a job does, -vv debug.
    #[arg(short = 'v', long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
}

#[derive(Debug, Args)]
pub struct DiagnosticsArgs {
    /// Print one JSON document.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Save, list, show, remove and test site profiles.
    #[command(subcommand)]
    Profile(ProfileCommand),
    /// Purge (刷新) URLs, or directories with --dir.
    Purge(PurgeArgs),
    /// Prefetch (预热) URLs.
    Prefetch(PrefetchArgs),
    /// A local job's URLs (refreshed from the vendor), or the vendor's own records.
    Status(StatusArgs),
    /// Today's quota at the vendor.
    Quota(QuotaArgs),
    /// Local jobs, newest first (the vendor's own records: `status --since`).
    #[command(alias = "history")]
    Jobs(JobsArgs),
    /// Write a job's URLs and their states as CSV.
    Export(ExportArgs),
    /// Finish every interrupted job.
    Resume(ResumeArgs),
    /// Send a job's failed URLs again as a new job (with --uncertain, also the URLs whose
    /// submit may or may not have reached the vendor).
    Retry(RetryArgs),
    /// Ask the CDN edge nearest this computer whether visitors now get each finished URL of a
    /// job fresh (proof at the edge; nothing is sent to the vendor).
    Verify(VerifyArgs),
    /// What support needs to know: version, OS, folders, profiles by vendor and host, the last
    /// errors (never a secret).
    Diagnostics(DiagnosticsArgs),
    /// Run the vendor simulator on 127.0.0.1 until Ctrl-C.
    Sim(Box<cachedesk_sim::SimArgs>),
}

impl Command {
    /// Whether the command answers with one JSON document (errors included).
    pub fn json(&self) -> bool {
        match self {
            Command::Profile(ProfileCommand::List { json } | ProfileCommand::Show { json, .. }) => {
                *json
            }
            Command::Purge(a) => a.submit.json,
            Command::Prefetch(a) => a.submit.json,
            Command::Status(a) => a.json,
            Command::Quota(a) => a.json,
            Command::Jobs(a) => a.json,
            Command::Resume(a) => a.json,
            Command::Retry(a) => a.json,
            Command::Verify(a) => a.json,
            Command::Diagnostics(a) => a.json,
            _ => false,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum ProfileCommand {
    /// Save a profile and ask for its credentials (kept in the OS keyring).
    Add(ProfileAddArgs),
    /// The saved profiles.
    List {
        #[arg(long)]
        json: bool,
    },
    /// One profile's settings (never its secrets).
    Show {
        name: String,
        #[arg(long)]
        json: bool,
    },
    /// Remove a profile and its keyring entry (its jobs stay in history).
    Rm { name: String },
    /// Check the profile's credentials with the vendor.
    Test { name: String },
}

#[derive(Debug, Args)]
pub struct ProfileAddArgs {
    pub name: String,
    #[arg(long, value_parser = parse_vendor, value_name = "baidu-cdn|baidu-geo|baishan")]
    pub vendor: Vendor,
    /// The API endpoint (default: the vendor's public HTTPS endpoint).
    #[arg(long, value_name = "URL")]
    pub endpoint: Option<String>,
    /// Baidu GEO: the site (zone apex), e.g. example.com.
    #[arg(long)]
    pub site: Option<String>,
    /// A hostname the profile covers (repeat; at least one); `*.example.com` covers every
    /// host below; `*` alone allows any host (not recommended: URLs of another site pass).
    #[arg(long = "domain", value_name = "HOST")]
    pub domains: Vec<String>,
    /// URLs per submit request (default: the vendor's limit).
    #[arg(long)]
    pub batch_size: Option<u32>,
    /// Submit requests in flight at once.
    #[arg(long)]
    pub concurrency: Option<u32>,
}

fn parse_vendor(raw: &str) -> Result<Vendor, String> {
    raw.parse()
}

#[derive(Debug, Args)]
pub struct SubmitArgs {
    /// The profile to use.
    #[arg(short = 'p', long = "profile", value_name = "NAME")]
    pub profile: String,
    /// Wait until the vendor has finished every URL.
    #[arg(long)]
    pub wait: bool,
    /// Check the input and show the batches; send nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// With --wait: then ask the edge nearest this computer whether each URL is now fresh.
    #[arg(long, requires = "wait")]
    pub verify: bool,
    #[command(flatten)]
    pub edge: EdgeArgs,
    /// Print one JSON document.
    #[arg(long)]
    pub json: bool,
    /// Files of URLs (.txt, .csv, .xlsx); none or '-' reads standard input.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct PurgeArgs {
    #[command(flatten)]
    pub submit: SubmitArgs,
    /// The URLs are directories (each ends with '/').
    #[arg(long)]
    pub dir: bool,
}

#[derive(Debug, Args)]
pub struct PrefetchArgs {
    #[command(flatten)]
    pub submit: SubmitArgs,
    /// Start later (within 24 hours; Baidu CDN only): 2h, '2026-05-01 08:00', RFC 3339.
    #[arg(long, value_name = "TIME", value_parser = time_arg::future)]
    pub at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    Purge,
    Prefetch,
}

impl From<KindArg> for Kind {
    fn from(k: KindArg) -> Kind {
        match k {
            KindArg::Purge => Kind::Purge,
            KindArg::Prefetch => Kind::Prefetch,
        }
    }
}

/// The kinds to ask the vendor about: the one given, else both.
pub fn kinds(kind: Option<KindArg>) -> Vec<Kind> {
    cachedesk_api::kinds(kind.map(Into::into))
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("what").required(true).args(["job", "task", "since"])))]
pub struct StatusArgs {
    /// The profile (needed for --task and --since; --job knows its own).
    #[arg(
        short = 'p',
        long = "profile",
        value_name = "NAME",
        required_unless_present = "job"
    )]
    pub profile: Option<String>,
    /// A local job: its URLs, refreshed from the vendor.
    #[arg(long, value_name = "ID")]
    pub job: Option<i64>,
    /// A vendor task id (also of tasks submitted elsewhere).
    #[arg(long, value_name = "ID")]
    pub task: Option<String>,
    /// The vendor's records from this time (e.g. 7d, 2026-05-01).
    #[arg(long, value_name = "T", value_parser = time_arg::past)]
    pub since: Option<DateTime<Utc>>,
    /// ... until this time (default: now).
    #[arg(long, value_name = "T", value_parser = time_arg::past, requires = "since")]
    pub until: Option<DateTime<Utc>>,
    /// Only this URL (Baidu CDN accepts * wildcards).
    #[arg(long, value_name = "PATTERN", conflicts_with = "job")]
    pub url: Option<String>,
    /// purge or prefetch (default: both).
    #[arg(long, value_enum, conflicts_with = "job")]
    pub kind: Option<KindArg>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct QuotaArgs {
    #[arg(short = 'p', long = "profile", value_name = "NAME")]
    pub profile: String,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct JobsArgs {
    #[arg(long)]
    pub json: bool,
    /// How many jobs, newest first.
    #[arg(long, default_value_t = 20)]
    pub limit: u32,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The job id (see `cachedesk jobs`).
    pub job: i64,
    /// The CSV file to write ('-': standard output).
    #[arg(long, value_name = "FILE")]
    pub csv: PathBuf,
    /// Start with a UTF-8 byte-order mark, so that Excel and WPS show Chinese text right when
    /// the file is opened with a double-click (as the app's exports do).
    #[arg(long)]
    pub bom: bool,
}

#[derive(Debug, Args)]
pub struct RetryArgs {
    /// The job id (see `cachedesk jobs`).
    pub job: i64,
    /// Also send the uncertain URLs again: their answer was lost and the vendor's records
    /// could not settle whether they arrived (each is then sent at least once, maybe twice).
    #[arg(long)]
    pub uncertain: bool,
    /// Wait until the vendor has finished every URL.
    #[arg(long)]
    pub wait: bool,
    /// Print one JSON document.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The job id (see `cachedesk jobs`).
    pub job: i64,
    /// Check only this URL of the job (as the job lists it); for a directory purge, a sample
    /// URL under one of its directories (repeat for more).
    #[arg(long, value_name = "URL")]
    pub url: Vec<String>,
    /// Where the edge is asked; what is not given comes from the profile's edge settings
    /// saved in the app.
    #[command(flatten)]
    pub edge: EdgeArgs,
    /// Print one JSON document.
    #[arg(long)]
    pub json: bool,
}

/// Where and how the edge is asked.
#[derive(Debug, Clone, Args)]
pub struct EdgeArgs {
    /// Ask one edge node or a test host, as curl does: HOST:PORT:ADDRESS (repeat).
    #[arg(long, value_name = "HOST:PORT:ADDRESS")]
    pub resolve: Vec<cachedesk_engine::Resolve>,
    /// Also ask the origin (e.g. https://origin.example.com) and compare ETag/Last-Modified.
    #[arg(long, value_name = "URL")]
    pub origin: Option<url::Url>,
    /// Seconds to wait for one answer.
    #[arg(long, default_value_t = 10)]
    pub timeout: u64,
}

#[derive(Debug, Args)]
pub struct ResumeArgs {
    #[arg(long)]
    pub json: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_contract_parses() {
        Cli::command().debug_assert();
        let cli = Cli::try_parse_from([
            "cachedesk",
            "purge",
            "-p",
            "site",
            "--dir",
            "--json",
            "a.txt",
            "-",
        ])
        .unwrap();
        assert!(cli.command.json());
        assert!(Cli::try_parse_from(["cachedesk", "status", "--job", "3"]).is_ok());
        assert!(
            Cli::try_parse_from(["cachedesk", "status", "-p", "x"]).is_err(),
            "needs job, task or since"
        );
        assert!(
            Cli::try_parse_from(["cachedesk", "status", "--task", "t"]).is_err(),
            "needs a profile"
        );
        assert!(
            Cli::try_parse_from(["cachedesk", "profile", "add", "x", "--vendor", "akamai"])
                .is_err()
        );
    }
}

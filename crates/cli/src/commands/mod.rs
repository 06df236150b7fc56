//! One module per command; each parses nothing and prints everything it was asked for.

mod diagnostics;
mod jobs;
mod profile;
mod quota;
mod resume;
mod status;
mod submit;
mod verify;

use crate::args::{Cli, Command};
use crate::credentials;
use crate::failure::{Exit, Failure};
use crate::text::say;
use cachedesk_api::{Desk, Door, Secrets};
use cachedesk_core::{said, Credentials, Error, Lang};
use cachedesk_engine::{Engine, EngineOptions, Profile};
use cachedesk_vault::{data_dir_from, DATA_DIR_ENV};
use serde::Serialize;
use std::path::PathBuf;

/// What every command that touches profiles or history needs.
pub struct Ctx {
    pub lang: Lang,
    pub data_dir: PathBuf,
}

impl Ctx {
    pub fn engine(&self) -> Result<Engine, Failure> {
        Ok(Engine::open(&self.data_dir)?)
    }

    /// The engine with the credentials of this data folder's profiles.
    pub fn desk(&self) -> Result<Desk, Failure> {
        Ok(Desk::open(
            &self.data_dir,
            Door::Cli,
            EngineOptions::default(),
        )?)
    }

    /// Where this data folder's profiles keep their credentials.
    pub fn secrets(&self) -> Secrets {
        Secrets::for_data_dir(&self.data_dir, Door::Cli)
    }

    pub fn profile(&self, engine: &Engine, name: &str) -> Result<Profile, Failure> {
        engine.profile_named(name).map_err(|e| match e {
            Error::NotFound(_) => Failure::NoProfile(name.to_owned()),
            other => Failure::Core(other),
        })
    }

    pub fn credentials(&self, profile: &Profile) -> Result<Credentials, Failure> {
        credentials::for_profile(&self.secrets(), profile)
    }
}

pub async fn run(cli: Cli, lang: Lang) -> Result<Exit, Failure> {
    let flag = cli.data_dir;
    let ctx = move || -> Result<Ctx, Failure> {
        let data_dir = data_dir_from(flag, std::env::var_os(DATA_DIR_ENV)).ok_or_else(|| {
            Failure::Core(Error::InvalidInput(said!(
                "there is no home folder for CacheDesk's data; pass --data-dir DIR or set {DATA_DIR_ENV}",
                "找不到存放 CacheDesk 数据的主目录;请使用 --data-dir DIR 或设置 {DATA_DIR_ENV}"
            )))
        })?;
        Ok(Ctx { lang, data_dir })
    };
    match cli.command {
        Command::Profile(c) => profile::run(&ctx()?, c).await,
        Command::Purge(a) => submit::purge(&ctx()?, a).await,
        Command::Prefetch(a) => submit::prefetch(&ctx()?, a).await,
        Command::Status(a) => status::run(&ctx()?, a).await,
        Command::Quota(a) => quota::run(&ctx()?, a).await,
        Command::Jobs(a) => jobs::list(&ctx()?, a),
        Command::Export(a) => jobs::export(&ctx()?, a),
        Command::Resume(a) => resume::run(&ctx()?, a).await,
        Command::Retry(a) => submit::retry(&ctx()?, a).await,
        Command::Verify(a) => verify::run(&ctx()?, a).await,
        Command::Diagnostics(a) => diagnostics::run(&ctx()?, a),
        Command::Sim(args) => cachedesk_sim::run(*args)
            .await
            .map(|()| Exit::Ok)
            .map_err(|e| {
                Failure::Core(Error::InvalidInput(said!(
                    "the simulator failed: {e:#}",
                    "模拟器出错：{e:#}"
                )))
            }),
    }
}

/// Prints the one JSON document of a `--json` command.
pub fn print_json(value: &impl Serialize) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Failure::Core(Error::Internal(format!("cannot write JSON: {e}"))))?;
    say!("{text}");
    Ok(())
}

//! Proof at the edge for both doors: each profile's edge settings (check by itself when a job
//! ends, an origin to compare with, curl-style `--resolve` lines), kept beside the database
//! like the list of demo profiles, and the check of a job with them.

use crate::Desk;
use cachedesk_core::{said, Action, Error, Result};
use cachedesk_engine::{EdgeCheck, JobId, PageRequest, ProbeOptions, Profile, Resolve, UrlState};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use url::Url;

const SETTINGS_FILE: &str = "edge-settings.json";

/// Requests per second to the built-in simulator's edge (a demo job of 250 URLs: 3 s).
const LOCAL_EDGE_PER_SECOND: u32 = 100;

/// How a profile's jobs are checked at the edge.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EdgeSettings {
    /// Check every finished purge or prefetch of this profile at once (off unless asked).
    #[serde(default)]
    pub auto_check: bool,
    /// The origin (`https://origin.example.com`): asked too, its `ETag`/`Last-Modified`
    /// compared with the edge's.
    #[serde(default)]
    pub origin: Option<String>,
    /// curl's `HOST:PORT:ADDRESS`, to ask one edge node or a test host (advanced).
    #[serde(default)]
    pub resolve: Vec<String>,
}

impl EdgeSettings {
    /// Trimmed, empty parts dropped, and each part checked.
    pub fn tidy(self) -> Result<EdgeSettings> {
        let origin = self
            .origin
            .map(|o| o.trim().to_owned())
            .filter(|o| !o.is_empty());
        if let Some(o) = &origin {
            origin_url(o)?;
        }
        let resolve: Vec<String> = self
            .resolve
            .iter()
            .map(|r| r.trim().to_owned())
            .filter(|r| !r.is_empty())
            .collect();
        for r in &resolve {
            r.parse::<Resolve>().map_err(|_| not_resolve(r))?;
        }
        Ok(EdgeSettings {
            auto_check: self.auto_check,
            origin,
            resolve,
        })
    }

    /// The probe's options from these settings under the command line's: its origin and
    /// `--resolve` lines, when given, win over the saved ones.
    pub fn options_under(
        &self,
        origin: Option<Url>,
        resolve: Vec<Resolve>,
    ) -> Result<ProbeOptions> {
        let saved = self.options()?;
        Ok(ProbeOptions {
            origin: origin.or(saved.origin),
            resolve: if resolve.is_empty() {
                saved.resolve
            } else {
                resolve
            },
            ..saved
        })
    }

    fn options(&self) -> Result<ProbeOptions> {
        Ok(ProbeOptions {
            origin: self.origin.as_deref().map(origin_url).transpose()?,
            resolve: self
                .resolve
                .iter()
                .map(|r| r.parse().map_err(|_| not_resolve(r)))
                .collect::<Result<_>>()?,
            ..ProbeOptions::default()
        })
    }
}

fn not_resolve(text: &str) -> Error {
    Error::InvalidInput(said!(
        "'{text}' is not HOST:PORT:ADDRESS (e.g. www.example.com:443:203.0.113.7)",
        "'{text}' 不是“域名:端口:IP 地址”的格式（例如 www.example.com:443:203.0.113.7）"
    ))
}

fn origin_url(text: &str) -> Result<Url> {
    let url = Url::parse(text).map_err(|_| {
        Error::InvalidInput(said!(
            "'{text}' is not an origin address (e.g. https://origin.example.com)",
            "'{text}' 不是源站地址（例如 https://origin.example.com）"
        ))
    })?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(Error::InvalidInput(said!(
            "'{text}' is not an http:// or https:// address",
            "'{text}' 不是以 http:// 或 https:// 开头的地址"
        )));
    }
    Ok(url)
}

/// The edge settings of every profile, by UUID, in a file beside the database.
#[derive(Debug, Clone)]
pub struct EdgeProfiles {
    file: PathBuf,
}

impl EdgeProfiles {
    pub fn new(data_dir: &Path) -> EdgeProfiles {
        EdgeProfiles {
            file: data_dir.join(SETTINGS_FILE),
        }
    }

    fn all(&self) -> BTreeMap<String, EdgeSettings> {
        std::fs::read(&self.file)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    /// The settings saved for `profile`, if any.
    pub fn get(&self, profile: &Profile) -> Option<EdgeSettings> {
        self.all().remove(&profile.uuid)
    }

    /// Checks, tidies and keeps `settings`; returns them as kept.
    pub fn save(&self, profile: &Profile, settings: EdgeSettings) -> Result<EdgeSettings> {
        let settings = settings.tidy()?;
        let mut all = self.all();
        all.insert(profile.uuid.clone(), settings.clone());
        let json = serde_json::to_vec_pretty(&all).map_err(|e| Error::Internal(e.to_string()))?;
        std::fs::write(&self.file, json).map_err(|e| {
            Error::storage_from(format!("cannot write {}: {e}", self.file.display()), e)
        })?;
        Ok(settings)
    }
}

/// Why a job is not checked at the edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Uncheckable {
    /// A directory purge names a prefix, not a file.
    Directories,
}

/// Whether (and why not) a job of `action` is checked at the edge.
pub fn uncheckable(action: Action) -> Option<Uncheckable> {
    (action == Action::PurgeDirectories).then_some(Uncheckable::Directories)
}

impl Desk {
    pub fn edge_profiles(&self) -> EdgeProfiles {
        EdgeProfiles::new(self.engine().data_dir())
    }

    /// The edge settings of `profile`: as saved, else none, but a demo profile checks its
    /// jobs by itself (so a new user sees the proof without looking for it).
    pub fn edge_settings(&self, profile: &Profile) -> EdgeSettings {
        self.edge_profiles()
            .get(profile)
            .unwrap_or_else(|| EdgeSettings {
                auto_check: self.secrets().demo().contains(profile),
                ..EdgeSettings::default()
            })
    }

    /// Whether the profile of `job` asks for a check when its jobs end (never for a directory
    /// purge).
    pub fn auto_checks(&self, job: JobId) -> Result<bool> {
        let summary = self.engine().job(job)?;
        let profile = self.engine().profile(summary.profile_id)?;
        Ok(uncheckable(summary.action).is_none() && self.edge_settings(&profile).auto_check)
    }

    /// Checks every finished URL of `job` at the edge with its profile's settings. `local_edge`:
    /// the edge of the built-in simulator, where a demo profile's URLs are sent.
    pub async fn verify_job(
        &self,
        job: JobId,
        local_edge: Option<SocketAddr>,
    ) -> Result<Vec<EdgeCheck>> {
        let options = self.job_options(job, local_edge)?;
        self.engine().verify_job(job, options).await
    }

    /// Checks one finished URL of `job` (as the job lists it), or a sample URL under a
    /// finished directory of a directory purge, as [`Desk::verify_job`] would.
    pub async fn verify_url(
        &self,
        job: JobId,
        url: &str,
        local_edge: Option<SocketAddr>,
    ) -> Result<EdgeCheck> {
        let options = self.job_options(job, local_edge)?;
        self.engine().verify_url(job, url, options).await
    }

    /// The edge settings saved for the profile of `job` (none saved: the defaults).
    pub fn job_edge_settings(&self, job: JobId) -> Result<EdgeSettings> {
        let summary = self.engine().job(job)?;
        let profile = self.engine().profile(summary.profile_id)?;
        Ok(self.edge_settings(&profile))
    }

    fn job_options(&self, job: JobId, local_edge: Option<SocketAddr>) -> Result<ProbeOptions> {
        let summary = self.engine().job(job)?;
        let profile = self.engine().profile(summary.profile_id)?;
        let mut options = self.edge_settings(&profile).options()?;
        if let Some(edge) = local_edge.filter(|_| self.secrets().demo().contains(&profile)) {
            options
                .resolve
                .extend(self.hosts(job)?.into_iter().map(|(host, port)| Resolve {
                    host,
                    port,
                    address: edge,
                }));
            // The pace is politeness to a real CDN; the simulator's edge is in this process.
            options.per_host_per_second = LOCAL_EDGE_PER_SECOND;
        }
        Ok(options)
    }

    /// The hosts (and ports) of the finished URLs of `job`.
    fn hosts(&self, job: JobId) -> Result<BTreeSet<(String, u16)>> {
        const PAGE: u32 = 1000;
        let mut hosts = BTreeSet::new();
        let mut offset = 0;
        loop {
            let page = self.engine().job_urls(
                job,
                Some(UrlState::Completed),
                PageRequest {
                    offset,
                    limit: PAGE,
                },
            )?;
            hosts.extend(page.items.iter().filter_map(|u| {
                let url = Url::parse(&u.url).ok()?;
                Some((url.host_str()?.to_owned(), url.port_or_known_default()?))
            }));
            offset += u64::from(PAGE);
            if offset >= page.total {
                return Ok(hosts);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_tidied_and_checked() {
        let tidy = EdgeSettings {
            auto_check: true,
            origin: Some(" https://origin.example.com ".into()),
            resolve: vec![" www.example.com:443:203.0.113.7 ".into(), " ".into()],
        }
        .tidy()
        .unwrap();
        assert_eq!(tidy.origin.as_deref(), Some("https://origin.example.com"));
        assert_eq!(tidy.resolve, ["www.example.com:443:203.0.113.7"]);
        assert_eq!(tidy.options().unwrap().resolve.len(), 1);
        for wrong in [
            EdgeSettings {
                origin: Some("ftp://origin.example.com".into()),
                ..EdgeSettings::default()
            },
            EdgeSettings {
                origin: Some("origin.example.com".into()),
                ..EdgeSettings::default()
            },
            EdgeSettings {
                resolve: vec!["www.example.com:443".into()],
                ..EdgeSettings::default()
            },
        ] {
            assert!(wrong.tidy().is_err());
        }
        assert_eq!(
            EdgeSettings {
                origin: Some("  ".into()),
                ..EdgeSettings::default()
            }
            .tidy()
            .unwrap(),
            EdgeSettings::default()
        );
    }

    #[test]
    fn the_command_lines_origin_and_resolve_lines_win_over_the_saved_ones() {
        let saved = EdgeSettings {
            auto_check: false,
            origin: Some("https://origin.example.com".into()),
            resolve: vec!["www.example.com:443:203.0.113.7".into()],
        };
        let kept = saved.options_under(None, Vec::new()).unwrap();
        assert_eq!(kept.origin.unwrap().as_str(), "https://origin.example.com/");
        assert_eq!(kept.resolve[0].address.to_string(), "203.0.113.7:443");

        let flag: Resolve = "www.example.com:443:127.0.0.1:8080".parse().unwrap();
        let origin = Url::parse("http://127.0.0.1:9000").unwrap();
        let flags = saved
            .options_under(Some(origin.clone()), vec![flag.clone()])
            .unwrap();
        assert_eq!((flags.origin, flags.resolve), (Some(origin), vec![flag]));
    }
}

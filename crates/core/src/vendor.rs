use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A CDN vendor CacheDesk can drive.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Vendor {
    BaiduCdn,
    BaiduGeo,
    Baishan,
}

impl Vendor {
    pub const ALL: [Vendor; 3] = [Vendor::BaiduCdn, Vendor::BaiduGeo, Vendor::Baishan];

    /// The stable slug used on the command line, in the database and by the simulator.
    pub fn slug(self) -> &'static str {
        match self {
            Vendor::BaiduCdn => "baidu-cdn",
            Vendor::BaiduGeo => "baidu-geo",
            Vendor::Baishan => "baishan",
        }
    }

    /// Baidu CDN and GEO sign with BCE v1 (AK/SK); Baishan uses a token.
    pub fn uses_access_keys(self) -> bool {
        !matches!(self, Vendor::Baishan)
    }
}

impl fmt::Display for Vendor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

impl FromStr for Vendor {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Vendor::ALL
            .into_iter()
            .find(|v| v.slug() == s)
            .ok_or_else(|| {
                format!("unknown vendor '{s}' (expected baidu-cdn, baidu-geo or baishan)")
            })
    }
}

/// Purge (刷新) or prefetch (预热).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Purge,
    Prefetch,
}

impl Kind {
    pub fn slug(self) -> &'static str {
        match self {
            Kind::Purge => "purge",
            Kind::Prefetch => "prefetch",
        }
    }
}

/// What a purge targets: one file, or everything under a directory URL ending in `/`.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Target {
    File,
    Directory,
}

/// What the user asks for in one job.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    PurgeFiles,
    PurgeDirectories,
    Prefetch,
}

impl Action {
    pub fn kind(self) -> Kind {
        match self {
            Action::PurgeFiles | Action::PurgeDirectories => Kind::Purge,
            Action::Prefetch => Kind::Prefetch,
        }
    }

    pub fn target(self) -> Target {
        match self {
            Action::PurgeDirectories => Target::Directory,
            Action::PurgeFiles | Action::Prefetch => Target::File,
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            Action::PurgeFiles => "purge-files",
            Action::PurgeDirectories => "purge-directories",
            Action::Prefetch => "prefetch",
        }
    }
}

impl FromStr for Action {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [
            Action::PurgeFiles,
            Action::PurgeDirectories,
            Action::Prefetch,
        ]
        .into_iter()
        .find(|a| a.slug() == s)
        .ok_or_else(|| format!("unknown action '{s}'"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_round_trip() {
        for v in Vendor::ALL {
            assert_eq!(v.slug().parse::<Vendor>().unwrap(), v);
            assert_eq!(
                serde_json::to_string(&v).unwrap(),
                format!("\"{}\"", v.slug())
            );
        }
        assert!("akamai".parse::<Vendor>().is_err());
    }
}

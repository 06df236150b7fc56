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

    /// The vendor's public API host.
    pub const fn default_endpoint(self) -> &'static str {
        match self {
            Vendor::BaiduCdn => "https://cdn.baidubce.com",
            Vendor::BaiduGeo => "https://geo.baidubce.com",
            Vendor::Baishan => "https://cdn.api.baishan.com",
        }
    }

    /// Baidu GEO addresses every request to a site (the zone apex).
    pub fn needs_site(self) -> bool {
        matches!(self, Vendor::BaiduGeo)
    }

    /// What a profile form and the submit screen need to know of this vendor.
    pub fn info(self) -> VendorInfo {
        let limits = crate::VendorLimits::for_vendor(self);
        VendorInfo {
            credentials: if self.uses_access_keys() {
                CredentialKind::AccessKeys
            } else {
                CredentialKind::Token
            },
            needs_site: self.needs_site(),
            default_endpoint: self.default_endpoint().to_owned(),
            max_batch: limits.urls_per_submit,
            scheduled_prefetch: limits.scheduled_prefetch,
        }
    }
}

/// The credentials a vendor signs with.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CredentialKind {
    /// An access key and a secret key (BCE v1 signatures).
    AccessKeys,
    /// One API token.
    Token,
}

/// One vendor as the front doors show it: which credentials and fields its profile needs,
/// and the limits a user meets (the most URLs per request, scheduled prefetch).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VendorInfo {
    pub credentials: CredentialKind,
    pub needs_site: bool,
    pub default_endpoint: String,
    pub max_batch: u32,
    pub scheduled_prefetch: bool,
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

    #[test]
    fn each_vendor_tells_its_credentials_site_and_largest_request() {
        let geo = Vendor::BaiduGeo.info();
        assert_eq!(geo.credentials, CredentialKind::AccessKeys);
        assert!(geo.needs_site);
        assert_eq!(geo.max_batch, 1000);
        let baishan = Vendor::Baishan.info();
        assert_eq!(baishan.credentials, CredentialKind::Token);
        assert_eq!(baishan.default_endpoint, "https://cdn.api.baishan.com");
        assert!(Vendor::BaiduCdn.info().scheduled_prefetch);
    }
}

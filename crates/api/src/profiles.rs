//! Profile fields as both doors save them.

use cachedesk_core::{Credentials, Error, Result, Vendor};
use cachedesk_engine::{Profile, ProfileDraft};

/// The draft with its text fields trimmed: a blank endpoint or site is none, blank domains
/// are dropped.
pub fn tidy(draft: ProfileDraft) -> ProfileDraft {
    let blank_to_none = |s: Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    ProfileDraft {
        name: draft.name.trim().to_owned(),
        endpoint: blank_to_none(draft.endpoint),
        site: blank_to_none(draft.site),
        domains: draft
            .domains
            .iter()
            .map(|d| d.trim().to_owned())
            .filter(|d| !d.is_empty())
            .collect(),
        ..draft
    }
}

/// Access keys for Baidu, a token for Baishan, none of them blank.
pub fn check_credentials_fit(vendor: Vendor, credentials: &Credentials) -> Result<()> {
    let fits = match credentials {
        Credentials::AccessKey {
            access_key_id,
            secret_access_key,
        } => {
            vendor.uses_access_keys() && !access_key_id.is_empty() && !secret_access_key.is_empty()
        }
        Credentials::Token(token) => !vendor.uses_access_keys() && !token.is_empty(),
    };
    if fits {
        Ok(())
    } else if vendor.uses_access_keys() {
        Err(Error::InvalidInput(format!(
            "{vendor} needs an access key and a secret key"
        )))
    } else {
        Err(Error::InvalidInput(format!("{vendor} needs a token")))
    }
}

/// Whether an update sends the profile's requests to another address (endpoint) or vendor:
/// then the saved keys must be entered again, never sent to the new host unasked.
pub fn moves_keys(old: &Profile, new: &ProfileDraft) -> bool {
    old.vendor != new.vendor || old.endpoint != new.endpoint
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_endpoint_or_vendor_needs_the_keys_again() {
        let old = Profile {
            id: cachedesk_engine::ProfileId(1),
            uuid: "00000000-0000-4000-8000-000000000000".into(),
            legacy_key: None,
            name: "site".into(),
            vendor: Vendor::BaiduCdn,
            endpoint: None,
            site: None,
            domains: vec!["www.example.com".into()],
            batch_size: None,
            concurrency: None,
            created_at: chrono::Utc::now(),
            updated_at: chrono::Utc::now(),
            deleted_at: None,
        };
        let draft = |vendor, endpoint: Option<&str>| {
            tidy(ProfileDraft {
                name: "renamed".into(),
                vendor,
                endpoint: endpoint.map(str::to_owned),
                site: None,
                domains: vec!["www.example.com".into()],
                batch_size: None,
                concurrency: None,
            })
        };
        assert!(!moves_keys(&old, &draft(Vendor::BaiduCdn, Some(" "))));
        assert!(moves_keys(
            &old,
            &draft(Vendor::BaiduCdn, Some("https://cdn.evil.example"))
        ));
        assert!(moves_keys(&old, &draft(Vendor::Baishan, None)));
    }

    #[test]
    fn tidy_trims_and_drops_blanks() {
        let draft = tidy(ProfileDraft {
            name: " Main site ".into(),
            vendor: Vendor::BaiduCdn,
            endpoint: Some(" ".into()),
            site: Some(" example.com ".into()),
            domains: vec![" www.example.com ".into(), "".into()],
            batch_size: Some(50),
            concurrency: None,
        });
        assert_eq!(draft.name, "Main site");
        assert_eq!(draft.endpoint, None);
        assert_eq!(draft.site.as_deref(), Some("example.com"));
        assert_eq!(draft.domains, ["www.example.com"]);
        assert_eq!(draft.batch_size, Some(50));
    }
}

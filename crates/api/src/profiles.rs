//! Profile fields as both doors save them.

use cachedesk_core::{said, Credentials, Error, Lang, Result, Said, Vendor};
use cachedesk_engine::{Profile, ProfileDraft, ANY_HOST};

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

/// A tidied draft names the hosts it purges for, or allows any host with the lone `*`: the
/// homograph and wrong-site checks of every job depend on it.
pub fn check_domains(draft: &ProfileDraft) -> Result<()> {
    if draft.domains.is_empty() {
        return Err(Error::InvalidInput(Said::new(
            no_domains(Lang::En),
            no_domains(Lang::ZhCn),
        )));
    }
    Ok(())
}

/// Why a profile without domains is refused, and what to type instead.
pub fn no_domains(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "list the site's hosts (e.g. www.example.com or *.example.com), or allow any host explicitly with the single domain *",
        Lang::ZhCn => "请列出站点的域名（例如 www.example.com 或 *.example.com），或以单独的域名 * 明确允许任意域名",
    }
}

/// Whether a profile takes URLs of any host: explicitly (`*`) or as saved before domains were
/// required (none).
pub fn accepts_any_host(domains: &[String]) -> bool {
    domains.iter().all(|d| d.trim().is_empty()) || domains.iter().any(|d| d.trim() == ANY_HOST)
}

/// What a preview or a submit says of a profile that takes any host; `None` for the others.
pub fn any_host_warning(domains: &[String], lang: Lang) -> Option<&'static str> {
    accepts_any_host(domains).then_some(match lang {
        Lang::En => "This profile accepts any host: a URL of another site would be purged too.",
        Lang::ZhCn => "该配置接受任意域名：其他站点的 URL 也会被刷新。",
    })
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
        Err(Error::InvalidInput(said!(
            "{vendor} needs an access key and a secret key",
            "{vendor} 需要 Access Key（AK）和 Secret Key（SK）"
        )))
    } else {
        Err(Error::InvalidInput(said!(
            "{vendor} needs a token",
            "{vendor} 需要 API 令牌"
        )))
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
        let old = cachedesk_engine::testing::profile(1, &["www.example.com"], None);
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
    fn a_profile_names_its_hosts_or_allows_any_explicitly() {
        let draft = |domains: &[&str]| {
            tidy(ProfileDraft {
                name: "site".into(),
                vendor: Vendor::BaiduCdn,
                endpoint: None,
                site: None,
                domains: domains.iter().map(|d| d.to_string()).collect(),
                batch_size: None,
                concurrency: None,
            })
        };
        let refused = check_domains(&draft(&[" ", ""])).unwrap_err();
        assert_eq!(refused.code(), cachedesk_core::ErrorCode::InvalidInput);
        assert!(refused.message(Lang::En).contains("*.example.com"));
        check_domains(&draft(&["*"])).unwrap();
        check_domains(&draft(&["www.example.com"])).unwrap();

        let warned = |domains: &[&str]| {
            let d: Vec<String> = domains.iter().map(|d| d.to_string()).collect();
            any_host_warning(&d, Lang::ZhCn)
        };
        assert!(warned(&["*"]).unwrap().contains('：'));
        assert!(warned(&[]).is_some(), "a legacy profile without domains");
        assert_eq!(warned(&["www.example.com"]), None);
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

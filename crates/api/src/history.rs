//! The vendor's own task history: one kind or both ("no kind means purge and prefetch"), page
//! by page with one opaque token, or walked to its end.

use crate::desk::Desk;
use cachedesk_core::{said, Credentials, Error, Kind, RecordStatus, Result, UrlRecord};
use cachedesk_engine::{export_history_csv, HistoryRequest, Profile};
use chrono::{DateTime, Utc};
use std::io::Write;

/// The kinds a question about `kind` covers: no kind means purge and prefetch.
pub fn kinds(kind: Option<Kind>) -> Vec<Kind> {
    match kind {
        Some(kind) => vec![kind],
        None => vec![Kind::Purge, Kind::Prefetch],
    }
}

/// What to ask the vendor's history.
#[derive(Debug, Clone)]
pub struct HistoryQuery {
    /// `None`: purges, then prefetches.
    pub kind: Option<Kind>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// One URL, `*` wildcards allowed; blank = every URL.
    pub url: Option<String>,
}

/// One page and the token of the next (`None` at the end).
#[derive(Debug, Clone)]
pub struct HistoryPage {
    pub records: Vec<UrlRecord>,
    pub next: Option<String>,
}

impl Desk {
    /// One page of the vendor's history. The token (`"<walk>|<engine token>"`) says which
    /// kind's walk and where in it; none starts the first walk.
    pub async fn vendor_history_page(
        &self,
        profile: &Profile,
        credentials: &Credentials,
        query: &HistoryQuery,
        token: Option<&str>,
    ) -> Result<HistoryPage> {
        let kinds = kinds(query.kind);
        let (walk, token) = parse_token(token, kinds.len())?;
        let request = HistoryRequest {
            kind: kinds[walk],
            target: None,
            start: query.start,
            end: query.end,
            url: query.url.clone().filter(|u| !u.trim().is_empty()),
        };
        let page = self
            .engine()
            .remote_history(profile.id, credentials, &request, token.as_deref())
            .await?;
        let next = match page.next {
            Some(token) => Some(format!("{walk}|{token}")),
            None if walk + 1 < kinds.len() => Some(format!("{}|", walk + 1)),
            None => None,
        };
        Ok(HistoryPage {
            records: page.records,
            next,
        })
    }

    /// Every record of the range, each kind walked to its last page (the engine splits the
    /// range into the windows the vendor allows).
    pub async fn vendor_history_all(
        &self,
        profile: &Profile,
        credentials: &Credentials,
        query: &HistoryQuery,
    ) -> Result<Vec<UrlRecord>> {
        let mut records = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let page = self
                .vendor_history_page(profile, credentials, query, token.as_deref())
                .await?;
            records.extend(page.records);
            match page.next {
                Some(next) => token = Some(next),
                None => return Ok(records),
            }
        }
    }

    /// Walks the range to its end and writes it as CSV, only the records with `status` when
    /// one is given (as the history screen filters); returns the number of rows.
    pub async fn export_vendor_history_csv(
        &self,
        profile: &Profile,
        credentials: &Credentials,
        query: &HistoryQuery,
        status: Option<RecordStatus>,
        out: impl Write,
    ) -> Result<u64> {
        let records = self.vendor_history_all(profile, credentials, query).await?;
        let kept = records
            .iter()
            .filter(|r| status.is_none_or(|s| r.status == s));
        export_history_csv(kept, out)
    }
}

/// `"<walk>|<engine token>"`; no token starts the first walk.
fn parse_token(next: Option<&str>, walks: usize) -> Result<(usize, Option<String>)> {
    let Some(next) = next else {
        return Ok((0, None));
    };
    let bad = || {
        Error::InvalidInput(said!(
            "'{next}' is not a history page token",
            "'{next}' 不是有效的记录翻页标记"
        ))
    };
    let (walk, token) = next.split_once('|').ok_or_else(bad)?;
    let walk: usize = walk.parse().map_err(|_| bad())?;
    if walk >= walks {
        return Err(bad());
    }
    Ok((walk, Some(token.to_owned()).filter(|t| !t.is_empty())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_tokens_name_the_walk() {
        assert_eq!(parse_token(None, 2).unwrap(), (0, None));
        assert_eq!(
            parse_token(Some("0|m:abc"), 2).unwrap(),
            (0, Some("m:abc".into()))
        );
        assert_eq!(parse_token(Some("1|"), 2).unwrap(), (1, None));
        assert!(parse_token(Some("1|"), 1).is_err());
        assert!(parse_token(Some("garbage"), 2).is_err());
    }

    #[test]
    fn no_kind_means_purge_and_prefetch() {
        assert_eq!(kinds(None), [Kind::Purge, Kind::Prefetch]);
        assert_eq!(kinds(Some(Kind::Prefetch)), [Kind::Prefetch]);
    }
}

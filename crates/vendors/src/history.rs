//! A vendor's own task history over any time range: split into windows the vendor allows
//! (`limits().max_query_span_days`), newest window first, each followed to its last page. A
//! window the vendor refuses with a 4xx is halved (down to one day) and the smaller span is
//! kept for the windows after it.
//!
//! `history_page` serves a UI one page at a time with an opaque token for the next page;
//! `collect_range` walks the whole range.

use crate::provider::{Provider, TaskQuery, TaskSelector};
use cachedesk_core::{Cursor, Error, Kind, ResponseMeta, Result, Target, UrlRecord};
use chrono::{DateTime, Utc};

const DAY_SECS: i64 = 86_400;
/// Windows `history_page` may find empty before it hands back an empty page and a token.
const EMPTY_WINDOWS_PER_PAGE: usize = 8;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryRequest {
    pub kind: Kind,
    pub target: Option<Target>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// One URL, `*` wildcards allowed (Baidu GEO's records are filtered by the client).
    pub url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryPage {
    pub records: Vec<UrlRecord>,
    /// Hand back to `history_page` for the next page; `None` at the end of the range.
    pub next: Option<String>,
    pub window_start: DateTime<Utc>,
    pub window_end: DateTime<Utc>,
    pub meta: ResponseMeta,
}

/// Where the walk stands: the window (inclusive, whole seconds), the span windows take, and
/// the vendor cursor inside the window.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Position {
    start: i64,
    end: i64,
    span: i64,
    cursor: Option<Cursor>,
}

impl Position {
    fn first(request: &HistoryRequest, span: i64) -> Position {
        let end = request.end.timestamp();
        Position {
            start: (end - span + 1).max(request.start.timestamp()),
            end,
            span,
            cursor: None,
        }
    }

    /// The window just before this one, or `None` at the start of the range.
    fn previous(&self, range_start: i64) -> Option<Position> {
        (self.start > range_start).then(|| {
            let end = self.start - 1;
            Position {
                start: (end - self.span + 1).max(range_start),
                end,
                span: self.span,
                cursor: None,
            }
        })
    }

    /// The later half of this window, when it is longer than a day.
    fn halved(&self) -> Option<Position> {
        let length = self.end - self.start + 1;
        let span = (length / 2).max(DAY_SECS);
        (span < length).then(|| Position {
            start: self.end - span + 1,
            end: self.end,
            span,
            cursor: None,
        })
    }

    fn token(&self) -> String {
        let cursor = self
            .cursor
            .as_ref()
            .map(Cursor::to_token)
            .unwrap_or_default();
        format!("h1.{}.{}.{}.{cursor}", self.start, self.end, self.span)
    }

    fn from_token(token: &str, request: &HistoryRequest) -> Result<Position> {
        let bad =
            || Error::InvalidInput("this history page link is out of date; start again".into());
        let parts: Vec<&str> = token.splitn(5, '.').collect();
        let [version, start, end, span, cursor] = parts.as_slice() else {
            return Err(bad());
        };
        let number = |s: &str| s.parse::<i64>().map_err(|_| bad());
        let position = Position {
            start: number(start)?,
            end: number(end)?,
            span: number(span)?,
            cursor: match *cursor {
                "" => None,
                c => Some(Cursor::from_token(c).ok_or_else(bad)?),
            },
        };
        let inside = request.start.timestamp() <= position.start
            && position.start <= position.end
            && position.end <= request.end.timestamp();
        if *version != "h1" || !inside || position.span < DAY_SECS {
            return Err(bad());
        }
        Ok(position)
    }

    fn time(secs: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(secs, 0).unwrap_or_default()
    }
}

fn check_range(request: &HistoryRequest) -> Result<()> {
    if request.start > request.end {
        return Err(Error::InvalidInput(
            "the start time is after the end time".into(),
        ));
    }
    Ok(())
}

/// One vendor page at `position` (halving the window while the vendor refuses its span), and
/// where the walk goes next.
async fn step(
    provider: &dyn Provider,
    request: &HistoryRequest,
    mut position: Position,
) -> Result<(HistoryPage, Option<Position>)> {
    let page = loop {
        let query = TaskQuery {
            kind: request.kind,
            selector: TaskSelector::Range {
                start: Position::time(position.start),
                end: Position::time(position.end),
                url: request.url.clone(),
            },
            target: request.target,
            cursor: position.cursor.clone(),
        };
        let refused_span = |e: &Error| {
            matches!(
                e,
                Error::Vendor {
                    status: Some(400..=499),
                    ..
                }
            )
        };
        match provider.query(&query).await {
            Ok(page) => break page,
            Err(e) if refused_span(&e) && position.cursor.is_none() => match position.halved() {
                Some(smaller) => position = smaller,
                None => return Err(e),
            },
            Err(e) => return Err(e),
        }
    };
    let window = position.start..=position.end;
    let records: Vec<UrlRecord> = page
        .items
        .into_iter()
        // Baishan answers whole China-time days: keep what falls in this window only.
        .filter(|r| r.created_at.is_none_or(|t| window.contains(&t.timestamp())))
        .collect();
    let range_start = request.start.timestamp();
    let next = match page.next {
        Some(cursor) => Some(Position {
            cursor: Some(cursor),
            ..position.clone()
        }),
        None => position.previous(range_start),
    };
    let history_page = HistoryPage {
        records,
        next: next.as_ref().map(Position::token),
        window_start: Position::time(position.start),
        window_end: Position::time(position.end),
        meta: page.meta,
    };
    Ok((history_page, next))
}

/// One page of the range for a UI: `token` is `None` for the first page, else the `next` of the
/// page before. Windows with no records are skipped (a few per call).
pub async fn history_page(
    provider: &dyn Provider,
    request: &HistoryRequest,
    token: Option<&str>,
) -> Result<HistoryPage> {
    check_range(request)?;
    let span = i64::from(provider.limits().max_query_span_days.max(1)) * DAY_SECS;
    let mut position = match token {
        Some(token) => Position::from_token(token, request)?,
        None => Position::first(request, span),
    };
    let mut windows = 0;
    loop {
        let (page, next) = step(provider, request, position).await?;
        windows += 1;
        match next {
            Some(next) if page.records.is_empty() && windows < EMPTY_WINDOWS_PER_PAGE => {
                position = next
            }
            _ => return Ok(page),
        }
    }
}

/// Every record of the range, page by page, newest window first. Returns how many there were.
pub async fn collect_range(
    provider: &dyn Provider,
    request: &HistoryRequest,
    mut on_page: impl FnMut(HistoryPage) + Send,
) -> Result<u64> {
    check_range(request)?;
    let span = i64::from(provider.limits().max_query_span_days.max(1)) * DAY_SECS;
    let mut position = Some(Position::first(request, span));
    let mut count = 0;
    while let Some(at) = position {
        let (page, next) = step(provider, request, at).await?;
        count += page.records.len() as u64;
        if !page.records.is_empty() {
            on_page(page);
        }
        position = next;
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    fn request(days: i64) -> HistoryRequest {
        let end = Utc.with_ymd_and_hms(2026, 6, 1, 0, 0, 0).unwrap();
        HistoryRequest {
            kind: Kind::Purge,
            target: None,
            start: end - Duration::days(days),
            end,
            url: None,
        }
    }

    #[test]
    fn windows_tile_the_range_newest_first() {
        let r = request(95);
        let first = Position::first(&r, 90 * DAY_SECS);
        assert_eq!(first.end, r.end.timestamp());
        assert_eq!(first.end - first.start + 1, 90 * DAY_SECS);
        let second = first.previous(r.start.timestamp()).unwrap();
        assert_eq!(
            (second.start, second.end),
            (r.start.timestamp(), first.start - 1)
        );
        assert_eq!(second.previous(r.start.timestamp()), None);
    }

    #[test]
    fn halving_stops_at_a_day() {
        let r = request(3);
        let p = Position::first(&r, 30 * DAY_SECS);
        let half = p.halved().unwrap();
        assert_eq!((half.end, half.span), (p.end, (3 * DAY_SECS + 1) / 2));
        let day = half.halved().unwrap();
        assert_eq!(day.span, DAY_SECS);
        assert_eq!(day.halved(), None);
    }

    #[test]
    fn tokens_round_trip_and_are_checked() {
        let r = request(10);
        let mut p = Position::first(&r, 7 * DAY_SECS);
        p.cursor = Some(Cursor::Marker("a.b/c:d==".into()));
        assert_eq!(Position::from_token(&p.token(), &r).unwrap(), p);
        p.cursor = Some(Cursor::PageNumber(3));
        assert_eq!(Position::from_token(&p.token(), &r).unwrap(), p);
        for bad in ["", "h1.1.2", "h2.1.2.86400.", "h1.x.2.86400."] {
            assert!(Position::from_token(bad, &r).is_err(), "{bad}");
        }
        let outside = Position {
            start: 0,
            ..p.clone()
        };
        assert!(Position::from_token(&outside.token(), &r).is_err());
    }
}

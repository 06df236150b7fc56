//! A vendor's own task history over any time range: split into windows the vendor allows
//! (`limits().max_query_span_days`), newest window first, each followed to its last page. A
//! window the vendor refuses with a 4xx is halved (down to one day) and the smaller span is
//! kept for the windows after it.
//!
//! Baishan's queries take calendar dates in China time (UTC+8), and its span counts those
//! dates inclusively (`start_time=2026-11-01&end_time=2026-11-07` is 7 days): its windows are
//! cut on China-time midnights, at most that many dates each.
//!
//! `history_page` serves a UI one page at a time with an opaque token for the next page;
//! `collect_range` walks the whole range.

use crate::provider::{Provider, TaskQuery, TaskSelector};
use cachedesk_core::{said, Cursor, Error, Kind, ResponseMeta, Result, Target, UrlRecord, Vendor};
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

/// The calendar a vendor's query windows are counted in: `Some(offset from UTC, seconds)` when
/// it takes whole dates (Baishan: China time), `None` when it takes instants.
fn calendar(vendor: Vendor) -> Option<i64> {
    match vendor {
        Vendor::Baishan => Some(8 * 3600),
        Vendor::BaiduCdn | Vendor::BaiduGeo => None,
    }
}

/// The date (days since the epoch) of `secs` on a calendar `offset` seconds from UTC.
fn day_of(secs: i64, offset: i64) -> i64 {
    (secs + offset).div_euclid(DAY_SECS)
}

/// Where a window ending at `end` starts: `span` seconds back, or on a calendar, at the
/// midnight that leaves `span` whole days of dates (the end's date included). Never before
/// `range_start`.
fn window_start(end: i64, span: i64, range_start: i64, calendar: Option<i64>) -> i64 {
    let start = match calendar {
        None => end - span + 1,
        Some(offset) => {
            let days = (span / DAY_SECS).max(1);
            (day_of(end, offset) - days + 1) * DAY_SECS - offset
        }
    };
    start.max(range_start)
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
    fn first(request: &HistoryRequest, span: i64, calendar: Option<i64>) -> Position {
        let end = request.end.timestamp();
        Position {
            start: window_start(end, span, request.start.timestamp(), calendar),
            end,
            span,
            cursor: None,
        }
    }

    /// The window just before this one, or `None` at the start of the range.
    fn previous(&self, range_start: i64, calendar: Option<i64>) -> Option<Position> {
        (self.start > range_start).then(|| {
            let end = self.start - 1;
            Position {
                start: window_start(end, self.span, range_start, calendar),
                end,
                span: self.span,
                cursor: None,
            }
        })
    }

    /// The later half of this window, when it is longer than a day (on a calendar: when it
    /// covers more than one date).
    fn halved(&self, calendar: Option<i64>) -> Option<Position> {
        match calendar {
            None => {
                let length = self.end - self.start + 1;
                let span = (length / 2).max(DAY_SECS);
                (span < length).then(|| Position {
                    start: self.end - span + 1,
                    end: self.end,
                    span,
                    cursor: None,
                })
            }
            Some(offset) => {
                let dates = day_of(self.end, offset) - day_of(self.start, offset) + 1;
                let days = (dates / 2).max(1);
                (days < dates).then(|| {
                    let span = days * DAY_SECS;
                    Position {
                        start: window_start(self.end, span, self.start, calendar),
                        end: self.end,
                        span,
                        cursor: None,
                    }
                })
            }
        }
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
        let bad = || {
            Error::InvalidInput(said!(
                "this history page link is out of date; start again",
                "该页记录链接已过期，请重新查询"
            ))
        };
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
        return Err(Error::InvalidInput(said!(
            "the start time is after the end time",
            "开始时间晚于结束时间"
        )));
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
    let calendar = calendar(provider.vendor());
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
            Err(e) if refused_span(&e) && position.cursor.is_none() => {
                match position.halved(calendar) {
                    Some(smaller) => position = smaller,
                    None => return Err(e),
                }
            }
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
        None => position.previous(range_start, calendar),
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
        None => Position::first(request, span, calendar(provider.vendor())),
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
    let mut position = Some(Position::first(request, span, calendar(provider.vendor())));
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
    use chrono::{Duration, NaiveDate, TimeZone};

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
        let first = Position::first(&r, 90 * DAY_SECS, None);
        assert_eq!(first.end, r.end.timestamp());
        assert_eq!(first.end - first.start + 1, 90 * DAY_SECS);
        let second = first.previous(r.start.timestamp(), None).unwrap();
        assert_eq!(
            (second.start, second.end),
            (r.start.timestamp(), first.start - 1)
        );
        assert_eq!(second.previous(r.start.timestamp(), None), None);
    }

    #[test]
    fn halving_stops_at_a_day() {
        let r = request(3);
        let p = Position::first(&r, 30 * DAY_SECS, None);
        let half = p.halved(None).unwrap();
        assert_eq!((half.end, half.span), (p.end, (3 * DAY_SECS + 1) / 2));
        let day = half.halved(None).unwrap();
        assert_eq!(day.span, DAY_SECS);
        assert_eq!(day.halved(None), None);
    }

    const CHINA: Option<i64> = Some(8 * 3600);

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().into()
    }

    fn between(start: &str, end: &str) -> HistoryRequest {
        HistoryRequest {
            kind: Kind::Purge,
            target: None,
            start: utc(start),
            end: utc(end),
            url: None,
        }
    }

    /// The China dates a window covers, first and last.
    fn china_dates(p: &Position) -> (String, String) {
        let date = |secs| {
            (Position::time(secs) + Duration::hours(8))
                .format("%Y-%m-%d")
                .to_string()
        };
        (date(p.start), date(p.end))
    }

    #[test]
    fn baishan_windows_are_at_most_seven_china_dates_inclusive() {
        assert_eq!(calendar(Vendor::Baishan), CHINA);
        assert_eq!(calendar(Vendor::BaiduCdn), None);
        // China dates 11-02..11-08: seven, one window.
        let r = between("2026-11-01T20:00:00Z", "2026-11-08T10:00:00Z");
        let first = Position::first(&r, 7 * DAY_SECS, CHINA);
        assert_eq!(
            (first.start, first.end),
            (r.start.timestamp(), r.end.timestamp())
        );
        assert_eq!(
            china_dates(&first),
            ("2026-11-02".into(), "2026-11-08".into())
        );
        assert_eq!(first.previous(r.start.timestamp(), CHINA), None);
        // Exactly seven days of UTC time touch eight China dates: 11-02..11-08, then 11-01.
        let r = between("2026-11-01T10:00:00Z", "2026-11-08T10:00:00Z");
        let first = Position::first(&r, 7 * DAY_SECS, CHINA);
        assert_eq!(first.start, utc("2026-11-01T16:00:00Z").timestamp());
        assert_eq!(
            china_dates(&first),
            ("2026-11-02".into(), "2026-11-08".into())
        );
        let second = first.previous(r.start.timestamp(), CHINA).unwrap();
        assert_eq!(
            (second.start, second.end),
            (r.start.timestamp(), first.start - 1)
        );
        assert_eq!(
            china_dates(&second),
            ("2026-11-01".into(), "2026-11-01".into())
        );
        assert_eq!(second.previous(r.start.timestamp(), CHINA), None);
    }

    #[test]
    fn long_baishan_ranges_tile_on_china_midnights() {
        let r = between("2026-10-01T00:00:00Z", "2026-11-08T10:00:00Z");
        let mut at = Some(Position::first(&r, 7 * DAY_SECS, CHINA));
        let mut covered = 0;
        let mut last_start = None;
        while let Some(p) = at {
            let (first, last) = china_dates(&p);
            let days = (NaiveDate::parse_from_str(&last, "%Y-%m-%d").unwrap()
                - NaiveDate::parse_from_str(&first, "%Y-%m-%d").unwrap())
            .num_days()
                + 1;
            assert!(days <= 7, "{first}..{last}");
            if let Some(next_start) = last_start {
                assert_eq!(p.end + 1, next_start, "windows touch, no gap or overlap");
            }
            if p.start > r.start.timestamp() {
                assert_eq!(
                    (p.start + 8 * 3600) % DAY_SECS,
                    0,
                    "starts on a China midnight"
                );
            }
            covered += p.end - p.start + 1;
            last_start = Some(p.start);
            at = p.previous(r.start.timestamp(), CHINA);
        }
        assert_eq!(covered, r.end.timestamp() - r.start.timestamp() + 1);
    }

    #[test]
    fn baishan_halving_counts_dates() {
        let r = between("2026-11-01T10:00:00Z", "2026-11-08T10:00:00Z");
        let seven = Position::first(&r, 7 * DAY_SECS, CHINA);
        let three = seven.halved(CHINA).unwrap();
        assert_eq!(three.end, seven.end);
        assert_eq!(
            china_dates(&three),
            ("2026-11-06".into(), "2026-11-08".into())
        );
        let one = three.halved(CHINA).unwrap();
        assert_eq!(
            china_dates(&one),
            ("2026-11-08".into(), "2026-11-08".into())
        );
        assert_eq!(one.halved(CHINA), None);
        // The smaller span carries on to the windows before.
        let before = one.previous(r.start.timestamp(), CHINA).unwrap();
        assert_eq!(
            china_dates(&before),
            ("2026-11-07".into(), "2026-11-07".into())
        );
    }

    #[test]
    fn tokens_round_trip_and_are_checked() {
        let r = request(10);
        let mut p = Position::first(&r, 7 * DAY_SECS, None);
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

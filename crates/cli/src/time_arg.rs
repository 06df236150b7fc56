//! Times on the command line: absolute (`2026-05-01T08:00:00+08:00`, `2026-05-01 08:00` in
//! local time, `2026-05-01`) or relative to now (`2h`, `30m`, `7d`, `now`).

use chrono::{DateTime, Duration, Local, NaiveDate, NaiveDateTime, TimeZone, Utc};

const LOCAL_FORMATS: [&str; 4] = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
];

/// A time in the future: `--at 2h` is two hours from now.
pub fn future(raw: &str) -> Result<DateTime<Utc>, String> {
    parse(raw, 1)
}

/// A time in the past: `--since 7d` is seven days ago.
pub fn past(raw: &str) -> Result<DateTime<Utc>, String> {
    parse(raw, -1)
}

fn parse(raw: &str, sign: i32) -> Result<DateTime<Utc>, String> {
    let raw = raw.trim();
    if raw == "now" {
        return Ok(Utc::now());
    }
    if let Some(span) = relative(raw.trim_start_matches('+')) {
        return Ok(Utc::now() + span * sign);
    }
    absolute(raw).ok_or_else(|| {
        format!(
            "'{raw}' is not a time: use e.g. 2026-05-01T08:00:00+08:00, '2026-05-01 08:00' (local \
             time), 2026-05-01, or a span from now such as 30m, 2h, 7d"
        )
    })
}

fn relative(raw: &str) -> Option<Duration> {
    let unit = raw.chars().last()?;
    let number: i64 = raw[..raw.len() - unit.len_utf8()].parse().ok()?;
    match unit {
        's' => Duration::try_seconds(number),
        'm' => Duration::try_minutes(number),
        'h' => Duration::try_hours(number),
        'd' => Duration::try_days(number),
        _ => None,
    }
}

fn absolute(raw: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(raw) {
        return Some(t.with_timezone(&Utc));
    }
    let naive = LOCAL_FORMATS
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(raw, f).ok())
        .or_else(|| {
            NaiveDate::parse_from_str(raw, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
        })?;
    Local
        .from_local_datetime(&naive)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_and_relative() {
        assert_eq!(
            past("2026-05-01T08:00:00+08:00").unwrap(),
            Utc.with_ymd_and_hms(2026, 5, 1, 0, 0, 0).unwrap()
        );
        let ago = Utc::now() - past("7d").unwrap();
        assert!((ago - Duration::days(7)).num_seconds().abs() < 5);
        let ahead = future("+2h").unwrap() - Utc::now();
        assert!((ahead - Duration::hours(2)).num_seconds().abs() < 5);
        assert!(past("2026-05-01 08:30").is_ok());
        assert!(past("2026-05-01").is_ok());
        for bad in ["", "yesterday", "7x", "d", "99999999999999d"] {
            assert!(past(bad).is_err(), "{bad}");
        }
    }
}

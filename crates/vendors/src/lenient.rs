//! Serde helpers that accept what vendors really send: numbers as strings and strings as
//! numbers, `null` for anything, one object where a list was documented (and the reverse).
//! A field of the wrong shape becomes `None` instead of failing the whole page.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::de::{DeserializeOwned, Deserializer};
use serde::Deserialize;
use serde_json::Value;

fn value<'de, D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
    Ok(Option::<Value>::deserialize(d)?.unwrap_or(Value::Null))
}

/// A string or a number, as text; empty text is `None`.
pub fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match value(d)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

/// A non-negative integer given as a number or as digits in a string.
pub fn opt_u64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    Ok(match value(d)? {
        Value::Number(n) => n
            .as_u64()
            .or_else(|| n.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    })
}

pub fn opt_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Ok(match value(d)? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    })
}

pub fn opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    Ok(match value(d)? {
        Value::Bool(b) => Some(b),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    })
}

/// A list, a single item, or `null`. Items of the wrong shape are left out.
pub fn one_or_many<'de, D: Deserializer<'de>, T: DeserializeOwned>(
    d: D,
) -> Result<Vec<T>, D::Error> {
    let items = match value(d)? {
        Value::Array(items) => items,
        Value::Null => Vec::new(),
        single => vec![single],
    };
    Ok(items
        .into_iter()
        .filter_map(|item| serde_json::from_value(item).ok())
        .collect())
}

/// `2025-03-01T08:00:01Z` (any RFC 3339 form).
pub fn rfc3339(text: Option<&str>) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text?)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// `2023-08-01 18:00:00` in China time (UTC+8), as Baishan writes it.
pub fn china_local(text: Option<&str>) -> Option<DateTime<Utc>> {
    let local = NaiveDateTime::parse_from_str(text?, "%Y-%m-%d %H:%M:%S").ok()?;
    Some(local.and_utc() - chrono::Duration::hours(8))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Probe {
        #[serde(default, deserialize_with = "opt_string")]
        s: Option<String>,
        #[serde(default, deserialize_with = "opt_u64")]
        n: Option<u64>,
        #[serde(default, deserialize_with = "opt_bool")]
        b: Option<bool>,
        #[serde(default, deserialize_with = "one_or_many")]
        list: Vec<u32>,
    }

    fn probe(json: &str) -> Probe {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn accepts_both_shapes() {
        let p = probe(r#"{"s": 81961057, "n": "100", "b": "true", "list": 3}"#);
        assert_eq!(
            (p.s.as_deref(), p.n, p.b, p.list),
            (Some("81961057"), Some(100), Some(true), vec![3])
        );
        let p = probe(r#"{"s": "", "n": {"x":1}, "b": null, "list": [1, "x", 2]}"#);
        assert_eq!((p.s, p.n, p.b, p.list), (None, None, None, vec![1, 2]));
        let p = probe("{}");
        assert_eq!((p.s, p.n, p.list.len()), (None, None, 0));
    }

    #[test]
    fn timestamps() {
        assert_eq!(
            rfc3339(Some("2025-03-01T08:00:01Z")).unwrap().to_rfc3339(),
            "2025-03-01T08:00:01+00:00"
        );
        assert_eq!(rfc3339(Some("yesterday")), None);
        assert_eq!(
            china_local(Some("2023-08-01 18:00:00"))
                .unwrap()
                .to_rfc3339(),
            "2023-08-01T10:00:00+00:00"
        );
        assert_eq!(china_local(Some("")), None);
        assert_eq!(china_local(None), None);
    }
}

use crate::status::RecordStatus;
use crate::vendor::{Kind, Target};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One URL of one vendor task, normalised across vendors.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UrlRecord {
    /// The vendor task (submission) id, when the vendor reports it on the record.
    pub task_id: Option<String>,
    /// The vendor's id for this single record, when it has one.
    pub record_id: Option<String>,
    pub url: String,
    pub kind: Kind,
    pub target: Target,
    pub status: RecordStatus,
    /// The vendor's own status word, kept for display and for words we do not know.
    pub raw_status: String,
    pub progress: Option<u8>,
    pub created_at: Option<DateTime<Utc>>,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    /// Why the vendor failed it, when it says.
    pub reason: Option<String>,
}

/// Where the next page starts: Baidu's opaque marker or Baishan's page number.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Cursor {
    Marker(String),
    PageNumber(u32),
}

impl Cursor {
    /// An opaque token a UI or a script can hand back unchanged.
    pub fn to_token(&self) -> String {
        match self {
            Cursor::Marker(m) => format!("m:{m}"),
            Cursor::PageNumber(n) => format!("p:{n}"),
        }
    }

    pub fn from_token(token: &str) -> Option<Cursor> {
        match token.split_once(':')? {
            ("m", marker) if !marker.is_empty() => Some(Cursor::Marker(marker.to_owned())),
            ("p", n) => n.parse().ok().filter(|n| *n > 0).map(Cursor::PageNumber),
            _ => None,
        }
    }
}

impl Serialize for Cursor {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_token())
    }
}

impl<'de> Deserialize<'de> for Cursor {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let token = String::deserialize(d)?;
        Cursor::from_token(&token)
            .ok_or_else(|| serde::de::Error::custom(format!("not a page cursor: {token}")))
    }
}

/// The rate-limit window a vendor reported on a response (Baishan `X-Ratelimit-*`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateLimit {
    /// Which window binds: `minute`, `hour` or `day`.
    pub grad: Option<String>,
    pub limit: Option<u32>,
    pub remaining: Option<u32>,
    /// Seconds until the window resets (`X-Retry-After`).
    pub retry_after_secs: Option<u64>,
}

/// What every vendor answer may carry beside its body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponseMeta {
    pub request_id: Option<String>,
    pub rate_limit: Option<RateLimit>,
    /// Baishan `X-Push-Remaining`: prefetches left today.
    pub push_remaining: Option<u64>,
    /// The vendor's `Date` header: its clock when it answered.
    pub date: Option<DateTime<Utc>>,
}

/// One page of records and where the next one starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next: Option<Cursor>,
    /// Records in the whole result, when the vendor says (Baishan `total`).
    pub total: Option<u64>,
    pub meta: ResponseMeta,
}

/// Today's quota as the vendor reports it. Absent fields are not reported by that vendor.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quota {
    pub url_remaining: Option<u64>,
    pub url_quota: Option<u64>,
    pub dir_remaining: Option<u64>,
    pub dir_quota: Option<u64>,
    pub prefetch_remaining: Option<u64>,
}

#[cfg(test)]
mod tests {
    use super::Cursor;

    #[test]
    fn cursor_tokens_round_trip() {
        for c in [Cursor::Marker("a/b+c==:x".into()), Cursor::PageNumber(7)] {
            assert_eq!(Cursor::from_token(&c.to_token()), Some(c));
        }
        assert_eq!(Cursor::from_token("p:0"), None);
        assert_eq!(Cursor::from_token("m:"), None);
        assert_eq!(Cursor::from_token("garbage"), None);
    }
}

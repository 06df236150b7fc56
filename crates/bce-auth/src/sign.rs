use crate::encode::{canonical_query, uri_encode};
use chrono::{DateTime, Utc};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

pub const DEFAULT_EXPIRATION_SECS: u32 = 1800;

/// The headers signed when the caller names none (the Python SDK's default set), plus `x-bce-*`.
const DEFAULT_SIGNED: [&str; 4] = ["host", "content-md5", "content-length", "content-type"];

/// What the signature covers: one HTTP request as it will be (or was) sent.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    pub method: &'a str,
    /// The path, not yet encoded (`/v2/cache/purge`).
    pub path: &'a str,
    /// Query parameters, not yet encoded; empty values are signed as `key=`.
    pub query: &'a [(&'a str, &'a str)],
    /// Every header sent, `Host` included.
    pub headers: &'a [(&'a str, &'a str)],
}

/// A signature and the intermediate strings, for tests and for debugging a mismatch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    pub auth_string_prefix: String,
    pub signing_key: String,
    pub canonical_query: String,
    pub canonical_headers: String,
    pub canonical_request: String,
    pub signature: String,
    pub authorization: String,
}

/// `YYYY-MM-DDThh:mm:ssZ`, whole seconds, UTC: the form of `x-bce-date` and of the auth prefix.
pub fn timestamp(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Signs `request` as `bce-auth-v1`. `signed_headers`: `None` signs the default set and leaves
/// the field empty (Python SDK); `Some(list)` signs the list plus every `x-bce-*` header and
/// names the list, in the order given.
pub fn sign(
    access_key_id: &str,
    secret_access_key: &str,
    request: &Request<'_>,
    timestamp: &str,
    expiration_secs: u32,
    signed_headers: Option<&[&str]>,
) -> Signature {
    let auth_string_prefix = format!("bce-auth-v1/{access_key_id}/{timestamp}/{expiration_secs}");
    let signing_key = hmac_hex(secret_access_key.as_bytes(), &auth_string_prefix);
    let canonical_query = canonical_query(request.query.iter().copied());
    let canonical_headers = canonical_headers(request.headers, signed_headers);
    let canonical_request = format!(
        "{}\n{}\n{}\n{}",
        request.method.to_ascii_uppercase(),
        uri_encode(request.path, true),
        canonical_query,
        canonical_headers
    );
    let signature = hmac_hex(signing_key.as_bytes(), &canonical_request);
    let named = signed_headers.map(|h| h.join(";")).unwrap_or_default();
    let authorization = format!("{auth_string_prefix}/{named}/{signature}");
    Signature {
        auth_string_prefix,
        signing_key,
        canonical_query,
        canonical_headers,
        canonical_request,
        signature,
        authorization,
    }
}

fn canonical_headers(headers: &[(&str, &str)], signed: Option<&[&str]>) -> String {
    let wanted = |name: &str| {
        name.starts_with("x-bce-")
            || match signed {
                None => DEFAULT_SIGNED.contains(&name),
                Some(list) => list.iter().any(|h| h.eq_ignore_ascii_case(name)),
            }
    };
    let mut lines: Vec<String> = headers
        .iter()
        .map(|(name, value)| (name.to_ascii_lowercase(), value.trim()))
        .filter(|(name, value)| !value.is_empty() && wanted(name))
        .map(|(name, value)| format!("{}:{}", uri_encode(&name, false), uri_encode(value, false)))
        .collect();
    lines.sort();
    lines.join("\n")
}

fn hmac_hex(key: &[u8], message: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC accepts keys of any length");
    mac.update(message.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

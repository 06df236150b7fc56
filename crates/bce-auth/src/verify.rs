use crate::sign::{sign, Request};
use chrono::{DateTime, NaiveDateTime, Utc};

/// The parts of a `bce-auth-v1/{ak}/{ts}/{exp}/{signedHeaders}/{signature}` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthHeader {
    pub access_key_id: String,
    pub timestamp: String,
    pub signed_at: DateTime<Utc>,
    pub expiration_secs: u32,
    /// Empty when the client signed the default set.
    pub signed_headers: Vec<String>,
    pub signature: String,
}

/// Why a server refuses a signed request; each maps to one BCE error code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VerifyError {
    /// `InvalidHTTPAuthHeader`
    Malformed,
    /// `InvalidAccessKeyId`
    UnknownAccessKey,
    /// `RequestExpired`
    Expired,
    /// `SignatureDoesNotMatch`
    Mismatch,
}

impl VerifyError {
    pub fn bce_code(&self) -> &'static str {
        match self {
            VerifyError::Malformed => "InvalidHTTPAuthHeader",
            VerifyError::UnknownAccessKey => "InvalidAccessKeyId",
            VerifyError::Expired => "RequestExpired",
            VerifyError::Mismatch => "SignatureDoesNotMatch",
        }
    }
}

pub fn parse_authorization(value: &str) -> Result<AuthHeader, VerifyError> {
    let parts: Vec<&str> = value.trim().split('/').collect();
    let [version, ak, ts, exp, signed, signature] = parts.as_slice() else {
        return Err(VerifyError::Malformed);
    };
    if *version != "bce-auth-v1" || ak.is_empty() || signature.len() != 64 {
        return Err(VerifyError::Malformed);
    }
    let signed_at = NaiveDateTime::parse_from_str(ts, "%Y-%m-%dT%H:%M:%SZ")
        .map_err(|_| VerifyError::Malformed)?
        .and_utc();
    Ok(AuthHeader {
        access_key_id: (*ak).to_owned(),
        timestamp: (*ts).to_owned(),
        signed_at,
        expiration_secs: exp.parse().map_err(|_| VerifyError::Malformed)?,
        signed_headers: signed
            .split(';')
            .filter(|h| !h.is_empty())
            .map(str::to_owned)
            .collect(),
        signature: (*signature).to_owned(),
    })
}

/// Checks a request as a BCE server would. `secret_for` looks up the secret of an access key;
/// `now` and `max_skew_secs` bound the signing time (BCE allows ±30 minutes).
pub fn verify(
    authorization: &str,
    request: &Request<'_>,
    secret_for: impl FnOnce(&str) -> Option<String>,
    now: DateTime<Utc>,
    max_skew_secs: i64,
) -> Result<AuthHeader, VerifyError> {
    let header = parse_authorization(authorization)?;
    let secret = secret_for(&header.access_key_id).ok_or(VerifyError::UnknownAccessKey)?;
    let skew = (now - header.signed_at).num_seconds().abs();
    if skew > max_skew_secs
        || (now - header.signed_at).num_seconds() > i64::from(header.expiration_secs)
    {
        return Err(VerifyError::Expired);
    }
    let named: Vec<&str> = header.signed_headers.iter().map(String::as_str).collect();
    let list = (!named.is_empty()).then_some(named.as_slice());
    let expected = sign(
        &header.access_key_id,
        &secret,
        request,
        &header.timestamp,
        header.expiration_secs,
        list,
    );
    if expected.signature == header.signature {
        Ok(header)
    } else {
        Err(VerifyError::Mismatch)
    }
}

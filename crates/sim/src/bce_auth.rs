//! BCE v1 authentication as Baidu's servers check it: the canonical request is rebuilt from what
//! was received (method, path, percent-decoded query pairs, every header with Host as sent).

use crate::params::Params;
use crate::reply::BceError;
use crate::state::VendorState;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use cachedesk_bce_auth::{verify, VerifyError};
use percent_encoding::percent_decode_str;
use std::sync::Arc;

/// BCE accepts a signature made up to 30 minutes before or after its own clock.
pub const MAX_SKEW_SECS: i64 = 1800;

pub async fn require_signature(
    State(state): State<Arc<VendorState>>,
    request: Request,
    next: Next,
) -> Result<Response, BceError> {
    check(&state, &request)?;
    Ok(next.run(request).await)
}

fn check(state: &VendorState, request: &Request) -> Result<(), BceError> {
    let authorization = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| refusal(&VerifyError::Malformed))?;
    let path = percent_decode_str(request.uri().path())
        .decode_utf8()
        .map_err(|_| BceError::new(StatusCode::BAD_REQUEST, "InvalidURI", "path is not UTF-8"))?;
    let params = Params::bce(request.uri().query());
    let query = params.pairs();
    let headers: Vec<(&str, &str)> = request
        .headers()
        .iter()
        .filter_map(|(name, value)| Some((name.as_str(), value.to_str().ok()?)))
        .collect();
    let signed = cachedesk_bce_auth::Request {
        method: request.method().as_str(),
        path: &path,
        query: &query,
        headers: &headers,
    };
    let credentials = &state.config.credentials;
    let secret_for =
        |ak: &str| (ak == credentials.access_key).then(|| credentials.secret_key.clone());
    verify(
        authorization,
        &signed,
        secret_for,
        state.now(),
        MAX_SKEW_SECS,
    )
    .map(drop)
    .map_err(|e| refusal(&e))
}

fn refusal(error: &VerifyError) -> BceError {
    let (status, message) = match error {
        VerifyError::Malformed => (
            StatusCode::BAD_REQUEST,
            "the Authorization header is missing or not a bce-auth-v1 string",
        ),
        VerifyError::UnknownAccessKey => (
            StatusCode::FORBIDDEN,
            "the access key id does not exist in our records",
        ),
        VerifyError::Expired => (
            StatusCode::BAD_REQUEST,
            "the request has expired: its timestamp is more than 30 minutes from the server time",
        ),
        VerifyError::Mismatch => (
            StatusCode::FORBIDDEN,
            "the request signature we calculated does not match the signature you provided",
        ),
    };
    BceError::new(status, error.bce_code(), message)
}

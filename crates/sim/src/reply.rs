//! Answers in each vendor's shape: BCE `{code, message, requestId}` with `x-bce-request-id`,
//! Baishan `{code, message, data}` where a non-zero `code` equals the HTTP status (unless a
//! fault says otherwise), and a `Date` header from the simulator's own clock on every answer.

use crate::state::VendorState;
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use chrono::{DateTime, Utc};
use serde_json::{json, Value};
use std::sync::Arc;

pub const BCE_REQUEST_ID: &str = "x-bce-request-id";
const JSON_UTF8: &str = "application/json; charset=utf-8";

/// A JSON answer with the given status.
pub fn json_response(status: StatusCode, body: &Value) -> Response {
    let mut response = (status, body.to_string()).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(JSON_UTF8));
    response
}

pub fn new_request_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// A refusal from Baidu CDN or GEO.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BceError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

impl BceError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        BceError {
            status,
            code,
            message: message.into(),
        }
    }

    /// 400 `InvalidArgument`: a parameter the API does not accept.
    pub fn invalid(message: impl Into<String>) -> Self {
        BceError::new(StatusCode::BAD_REQUEST, "InvalidArgument", message)
    }
}

impl IntoResponse for BceError {
    fn into_response(self) -> Response {
        bce_error(self.status, self.code, &self.message)
    }
}

/// A BCE error answer with any code: `{code, message, requestId}` and `x-bce-request-id`.
pub fn bce_error(status: StatusCode, code: &str, message: &str) -> Response {
    let request_id = new_request_id();
    let body = json!({"code": code, "message": message, "requestId": request_id});
    let mut response = json_response(status, &body);
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        response.headers_mut().insert(BCE_REQUEST_ID, value);
    }
    response
}

/// A refusal from Baishan.
#[derive(Debug, Clone, PartialEq)]
pub struct BaishanError {
    pub status: StatusCode,
    /// The body's `code`: the HTTP status, unless a fault says otherwise.
    pub code: i64,
    pub message: String,
    pub data: Value,
}

impl BaishanError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        BaishanError {
            status,
            code: i64::from(status.as_u16()),
            message: message.into(),
            data: Value::Null,
        }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        BaishanError::new(StatusCode::BAD_REQUEST, message)
    }
}

impl IntoResponse for BaishanError {
    fn into_response(self) -> Response {
        let body = json!({"code": self.code, "message": self.message, "data": self.data});
        json_response(self.status, &body)
    }
}

/// `Date` in the RFC 7231 form (`Sun, 06 Nov 1994 08:49:37 GMT`).
pub fn http_date(at: DateTime<Utc>) -> String {
    at.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

/// Puts the simulator's own time (clock skew included) in every answer's `Date`, in place of
/// the real time hyper would write.
pub async fn stamp_date(State(state): State<Arc<VendorState>>, mut response: Response) -> Response {
    if let Ok(value) = HeaderValue::from_str(&http_date(state.now())) {
        response.headers_mut().insert(header::DATE, value);
    }
    response
}

/// Which error shape a vendor speaks, for answers made outside its handlers (faults, routing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Bce,
    Baishan,
}

impl Dialect {
    pub fn error(self, status: StatusCode, bce_code: &'static str, message: &str) -> Response {
        match self {
            Dialect::Bce => BceError::new(status, bce_code, message).into_response(),
            Dialect::Baishan => BaishanError::new(status, message).into_response(),
        }
    }

    /// A throttled answer: `status` (429 unless a fault names another) with BCE code
    /// `TooManyRequests`, or Baishan's body code 429 when the status is not an error status
    /// (so `200` answers `{"code": 429}`) and the status itself otherwise.
    pub fn throttled(self, status: Option<u16>, message: &str) -> Response {
        let status = status
            .and_then(|s| StatusCode::from_u16(s).ok())
            .unwrap_or(StatusCode::TOO_MANY_REQUESTS);
        match self {
            Dialect::Bce => bce_error(status, "TooManyRequests", message),
            Dialect::Baishan => {
                let mut error = BaishanError::new(status, message);
                if !(status.is_client_error() || status.is_server_error()) {
                    error.code = 429;
                }
                error.into_response()
            }
        }
    }

    /// Unknown paths answer 404 and wrong methods 405, in this dialect.
    pub fn with_fallbacks(self, router: Router) -> Router {
        router
            .fallback(move || async move {
                self.error(StatusCode::NOT_FOUND, "NotFound", "no such resource")
            })
            .method_not_allowed_fallback(move || async move {
                self.error(
                    StatusCode::METHOD_NOT_ALLOWED,
                    "MethodNotAllowed",
                    "the method is not allowed on this resource",
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_rfc_7231() {
        let at = DateTime::from_timestamp(784_111_777, 0).unwrap_or_default();
        assert_eq!(http_date(at), "Sun, 06 Nov 1994 08:49:37 GMT");
    }
}

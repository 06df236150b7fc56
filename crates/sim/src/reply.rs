//! Answers in each vendor's shape: BCE `{code, message, requestId}` with `x-bce-request-id`,
//! Baishan `{code, message, data}` where a non-zero `code` equals the HTTP status.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde_json::{json, Value};

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
        let request_id = new_request_id();
        let body = json!({"code": self.code, "message": self.message, "requestId": request_id});
        let mut response = json_response(self.status, &body);
        if let Ok(value) = HeaderValue::from_str(&request_id) {
            response.headers_mut().insert(BCE_REQUEST_ID, value);
        }
        response
    }
}

/// A refusal from Baishan.
#[derive(Debug, Clone, PartialEq)]
pub struct BaishanError {
    pub status: StatusCode,
    pub message: String,
    pub data: Value,
}

impl BaishanError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        BaishanError {
            status,
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
        let body =
            json!({"code": self.status.as_u16(), "message": self.message, "data": self.data});
        json_response(self.status, &body)
    }
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

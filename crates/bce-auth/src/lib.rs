//! BCE v1 signing (`Authorization: bce-auth-v1/...`), as Baidu's SDKs do it, and its inverse for
//! a server: parse an Authorization header and check it against the request as received.

mod encode;
#[doc(hidden)]
pub mod fuzzing;
mod sign;
mod verify;

pub use encode::{canonical_query, uri_encode};
pub use sign::{sign, timestamp, Request, Signature, DEFAULT_EXPIRATION_SECS};
pub use verify::{parse_authorization, verify, AuthHeader, VerifyError};

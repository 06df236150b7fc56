//! The CacheDesk domain: pure types shared by every crate above it. No IO here.

pub mod error;
pub mod limits;
pub mod record;
pub mod redact;
pub mod said;
pub mod secret;
pub mod status;
pub mod vendor;

pub use error::{Cause, Error, ErrorBody, ErrorCode, Lang, Result};
pub use limits::VendorLimits;
pub use record::{Cursor, Page, Quota, RateLimit, ResponseMeta, UrlRecord};
pub use said::Said;
pub use secret::{Credentials, Secret};
pub use status::RecordStatus;
pub use vendor::{Action, CredentialKind, Kind, Target, Vendor, VendorInfo};

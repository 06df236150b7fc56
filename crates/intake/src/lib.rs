//! URL intake: what an editor pastes or drops (text, .txt, .csv, .xlsx) to the list of URLs
//! to submit, with every line not taken and why. Pure: bytes in, reports out.
//!
//! ```
//! use cachedesk_core::Action;
//! use cachedesk_intake::{check, read_source, Rules};
//!
//! let source = read_source("https://例子.测试/图片 1.png\n# done\n".as_bytes(), None).unwrap();
//! let report = check(&source.lines, &Rules::new(Action::PurgeFiles));
//! assert_eq!(
//!     report.urls().collect::<Vec<_>>(),
//!     ["https://xn--fsqu00a.xn--0zwm56d/%E5%9B%BE%E7%89%87%201.png"]
//! );
//! ```

mod check;
mod error;
mod fix;
#[doc(hidden)]
pub mod fuzzing;
mod identity;
mod limits;
mod normalise;
mod parallel;
mod plain;
mod progress;
mod reason;
mod rules;
mod source;
mod table;
mod text;

pub use check::{check, check_with_progress, Accepted, Counts, Duplicate, Rejected, Report};
pub use error::IntakeError;
pub use fix::apply_fixes;
pub use identity::url_identity;
pub use limits::{MAX_INPUT_BYTES, MAX_LINES, MAX_LINE_CHARS};
pub use normalise::as_in_url;
pub use progress::Progress;
pub use reason::RejectReason;
pub use rules::{Rules, ANY_HOST};
pub use source::{read_source, Origin, Source, SourceLine, UrlColumn};

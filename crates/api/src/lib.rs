//! The CacheDesk application layer: what the desktop app and the `cachedesk` command both do
//! around the engine, written once (after GitButler's `but-api`). The front doors are left with
//! argument parsing and presentation.
//!
//! - [`Secrets`]: the keyring namespace of a data folder (the one place it is derived), entries
//!   keyed by the profile's UUID (entries of profiles saved before, under their row id, are
//!   still found and moved), and where a profile's credentials come from: the environment
//!   (`CACHEDESK_ACCESS_KEY` / `CACHEDESK_SECRET_KEY` / `CACHEDESK_TOKEN`, the command line
//!   only), the demo simulator's account for demo profiles, else the keyring.
//! - [`Desk`]: the engine plus [`Secrets`]: saving a profile with its keys (taken back when the
//!   keys cannot be saved), deleting one with its keys, trimmed profile fields, the vendor's
//!   history page by page or walked to its end.
//! - [`wire`]: the JSON both doors speak (a job, its error, a rejected line, a preview).
//! - [`spreadsheet`]: a CSV file that Excel and WPS open with its Chinese text intact.
//!
//! The two doors differ in a few deliberate ways, all named by [`Door`].

mod credentials;
mod demo;
mod desk;
pub mod diagnostics;
mod edge;
mod history;
mod process;
mod profiles;
mod secrets;
pub mod spreadsheet;
pub mod wire;

pub use credentials::{
    demo_credentials, env_names, from_env, ACCESS_KEY_ENV, SECRET_KEY_ENV, TOKEN_ENV,
};
pub use demo::DemoProfiles;
pub use desk::Desk;
pub use edge::{uncheckable, EdgeProfiles, EdgeSettings, Uncheckable};
pub use history::{kinds, HistoryPage, HistoryQuery};
pub use process::no_core_dumps;
pub use profiles::{
    accepts_any_host, any_host_warning, check_credentials_fit, check_domains, no_domains, tidy,
};
pub use secrets::{CredentialsAt, Secrets};

/// Which front door is calling: where the two differ, [`Door`] says how.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Door {
    /// The `cachedesk` command: credentials in the environment come first (CI) and the keyring
    /// is then never touched; a profile is removed only once its keyring entry is.
    Cli,
    /// The desktop app: credentials only from the keyring (or the demo); a removed profile's
    /// keyring entry is removed when the keyring answers, and left (with a warning) when not.
    App,
}

impl Door {
    /// Whether this door reads credentials from the environment.
    pub fn reads_env(self) -> bool {
        self == Door::Cli
    }
}

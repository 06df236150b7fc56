//! Where secrets come from. The engine never stores them: the CLI reads the environment or the
//! keyring, the app the keyring, and both hand them over per call.

use crate::model::Profile;
use cachedesk_core::{Credentials, Result};

/// Gives the credentials of a profile (used when one call may touch several profiles).
pub trait CredentialSource: Send + Sync {
    fn credentials(&self, profile: &Profile) -> Result<Credentials>;
}

/// The same credentials for every profile.
impl CredentialSource for Credentials {
    fn credentials(&self, _profile: &Profile) -> Result<Credentials> {
        Ok(self.clone())
    }
}

/// Any function of the profile, e.g. a keyring look-up.
impl<F> CredentialSource for F
where
    F: Fn(&Profile) -> Result<Credentials> + Send + Sync,
{
    fn credentials(&self, profile: &Profile) -> Result<Credentials> {
        self(profile)
    }
}

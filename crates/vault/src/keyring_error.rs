use cachedesk_core::Error;

/// Turns a keyring failure into a reason a person can act on. Never includes a secret: the
/// keyring's errors carry none except `BadEncoding`, whose bytes are dropped here.
pub(crate) fn to_error(e: keyring::Error) -> Error {
    let why = match e {
        keyring::Error::PlatformFailure(inner) => format!(
            "no keyring service answered: this session has no D-Bus session bus or no Secret Service \
             provider such as GNOME Keyring or KWallet is running ({inner})"
        ),
        keyring::Error::NoStorageAccess(inner) => format!(
            "the keyring is locked or no keyring is unlocked; unlock it (log in again or open \
             your keyring manager) and retry ({inner})"
        ),
        keyring::Error::NoEntry => "no credentials are saved for this profile".into(),
        keyring::Error::BadEncoding(_) => {
            "the saved entry for this profile is not text; save the credentials again".into()
        }
        keyring::Error::TooLong(attr, limit) => {
            format!("the keyring refused the entry: {attr} is longer than {limit}")
        }
        keyring::Error::Invalid(attr, reason) => {
            format!("the keyring refused the entry: {attr} {reason}")
        }
        keyring::Error::Ambiguous(found) => format!(
            "{} entries match this profile; remove the extra ones in your keyring manager \
             (e.g. Seahorse) and save the credentials again",
            found.len()
        ),
        other => format!("{other}"),
    };
    Error::Keyring(why)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_say_what_went_wrong() {
        let io = || Box::new(std::io::Error::other("org.freedesktop.DBus.Error")) as _;
        let cases = [
            (keyring::Error::PlatformFailure(io()), "Secret Service"),
            (keyring::Error::NoStorageAccess(io()), "locked"),
            (keyring::Error::NoEntry, "no credentials"),
            (
                keyring::Error::BadEncoding(b"sk-fake-bytes".to_vec()),
                "not text",
            ),
        ];
        for (e, want) in cases {
            let Error::Keyring(why) = to_error(e) else {
                panic!("not a keyring error")
            };
            assert!(why.contains(want), "{why}");
            assert!(!why.contains("sk-fake-bytes"));
        }
    }
}

//! For tests only: keyring tests run against the private Secret Service that
//! `scripts/with-keyring.sh` starts on a private D-Bus session, never against a person's own
//! keyring (a developer running `cargo test` on a desktop has one on their session bus).

use crate::Vault;

/// Set by `scripts/with-keyring.sh` to the address of the private session bus it started.
pub const PRIVATE_KEYRING_ENV: &str = "CACHEDESK_PRIVATE_KEYRING";
/// `1`: keyring tests are skipped instead of failing when there is no private keyring.
pub const SKIP_KEYRING_TESTS_ENV: &str = "CACHEDESK_SKIP_KEYRING_TESTS";
/// `1` only on a machine whose OS keyring belongs to nobody (a CI runner on Windows or macOS,
/// where no private Secret Service can be started): the keyring tests may use it.
pub const DISPOSABLE_KEYRING_ENV: &str = "CACHEDESK_DISPOSABLE_KEYRING";
/// A session bus address where nothing listens: a child process given it cannot reach any
/// keyring at all.
pub const NO_BUS: &str = "unix:path=/nonexistent/cachedesk-test-bus";

/// Whether this process's session bus is the private one `scripts/with-keyring.sh` started
/// (or the machine's keyring is declared disposable, [`DISPOSABLE_KEYRING_ENV`]).
pub fn is_private() -> bool {
    let bus = std::env::var("DBUS_SESSION_BUS_ADDRESS").unwrap_or_default();
    let marked = std::env::var(PRIVATE_KEYRING_ENV).unwrap_or_default();
    let disposable = std::env::var(DISPOSABLE_KEYRING_ENV).as_deref() == Ok("1");
    (!bus.is_empty() && bus == marked) || disposable
}

/// The session bus a child process of a test may use: this one when it is private, else
/// [`NO_BUS`] (the child then sees no keyring rather than the person's own).
pub fn bus_for_children() -> String {
    if is_private() {
        std::env::var("DBUS_SESSION_BUS_ADDRESS").unwrap_or_default()
    } else {
        NO_BUS.to_owned()
    }
}

/// For a test that needs a keyring: `true` to go ahead (the private keyring answers),
/// `false` to skip (`CACHEDESK_SKIP_KEYRING_TESTS=1`); panics with instructions otherwise.
/// Never `true` on a session bus other than the private one, whatever answers there.
pub fn private_keyring_or_skip() -> bool {
    let skip = std::env::var(SKIP_KEYRING_TESTS_ENV).as_deref() == Ok("1");
    let why = if !is_private() {
        "this is not the private test keyring (a keyring on this session bus may be your own)"
            .to_owned()
    } else {
        match Vault::new("app.cachedesk.test").delete("probe") {
            Ok(_) => return true,
            Err(e) => format!("the private keyring does not answer: {e}"),
        }
    };
    if skip {
        return false;
    }
    panic!(
        "{why}\nRun the tests under `bash scripts/with-keyring.sh cargo test ...` (a private D-Bus \
         session with its own Secret Service), or set {SKIP_KEYRING_TESTS_ENV}=1 to skip them."
    )
}

//! What a report says about the computer.

/// The OS and its version, e.g. "Debian 12 (bookworm) [64-bit] x86_64".
pub fn os() -> String {
    format!("{} {}", os_info::get(), std::env::consts::ARCH)
}

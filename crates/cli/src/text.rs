//! The language of the command's messages, and the macro that writes a message in both.

use cachedesk_core::Lang;

/// `LC_ALL`, then `LC_MESSAGES`, then `LANG`, as the C library reads them: `zh*` reads Chinese.
pub fn lang_from_env() -> Lang {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|key| std::env::var(key).ok().filter(|v| !v.is_empty()))
        .map(|locale| Lang::from_locale(&locale))
        .unwrap_or_default()
}

/// An English count with its noun: "1 URL", "3 URLs".
pub fn counted(n: impl Into<u64>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `tr!(lang, "English {x}", "中文 {x}")`: a `String` in the reader's language.
macro_rules! tr {
    ($lang:expr, $en:literal, $zh:literal $(,)?) => {
        match $lang {
            cachedesk_core::Lang::En => format!($en),
            cachedesk_core::Lang::ZhCn => format!($zh),
        }
    };
}
pub(crate) use tr;

/// An error for a person, on stderr.
pub fn print_error(lang: Lang, message: &str) {
    eprintln!("{}{}", tr!(lang, "error: ", "错误："), printable(message));
}

/// A warning for a person, on stderr: the command goes on.
pub fn print_warning(lang: Lang, message: &str) {
    eprintln!("{}{}", tr!(lang, "warning: ", "警告："), printable(message));
}

/// `println!` that does not panic when standard output is closed (e.g. piped into `head`),
/// and prints no control character it was handed (see [`printable`]).
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let text = format!($($arg)*);
        let _ = writeln!(std::io::stdout(), "{}", $crate::text::printable(&text));
    }};
}

/// `text` with every control character but line breaks and tabs escaped (`\u{1b}`): a
/// rejected line or a vendor's message can never move the cursor, retitle the terminal or
/// write to the clipboard (OSC 52).
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !text.chars().any(unsafe_char) {
        return text.into();
    }
    text.chars()
        .map(|c| {
            if unsafe_char(c) {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
}
pub(crate) use say;

#[cfg(test)]
mod tests {
    use super::printable;

    #[test]
    fn control_characters_are_shown_not_obeyed() {
        assert_eq!(printable("a\u{1b}]52;c;x\u{7}b"), "a\\u{1b}]52;c;x\\u{7}b");
        assert_eq!(printable("line\n\tnext"), "line\n\tnext");
        assert_eq!(printable("\u{9b}31m"), "\\u{9b}31m");
    }
}

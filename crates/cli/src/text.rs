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
    eprintln!("{}{message}", tr!(lang, "error: ", "错误:"));
}

/// A warning for a person, on stderr: the command goes on.
pub fn print_warning(lang: Lang, message: &str) {
    eprintln!("{}{message}", tr!(lang, "warning: ", "警告:"));
}

/// `println!` that does not panic when standard output is closed (e.g. piped into `head`).
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}
pub(crate) use say;

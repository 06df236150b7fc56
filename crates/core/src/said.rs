//! A sentence for a person in every language CacheDesk speaks, written where the fact is known.

use crate::error::Lang;

/// The same sentence in English and Simplified Chinese; [`said!`](crate::said) writes one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    en: String,
    zh_cn: String,
}

impl Said {
    pub fn new(en: impl Into<String>, zh_cn: impl Into<String>) -> Said {
        Said {
            en: en.into(),
            zh_cn: zh_cn.into(),
        }
    }

    pub fn en(&self) -> &str {
        &self.en
    }

    pub fn zh_cn(&self) -> &str {
        &self.zh_cn
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::ZhCn => &self.zh_cn,
        }
    }
}

/// Logs and `Display` read English.
impl std::fmt::Display for Said {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en)
    }
}

/// `said!("{n} URLs", "{n} 个 URL")`: both sentences formatted as `format!` does, with the
/// variables in scope or with the same arguments after them (evaluated once for each).
#[macro_export]
macro_rules! said {
    ($en:literal, $zh:literal $(, $arg:expr)* $(,)?) => {
        $crate::Said::new(format!($en $(, $arg)*), format!($zh $(, $arg)*))
    };
}

#[cfg(test)]
mod tests {
    use crate::{Error, Lang};

    #[test]
    fn a_refusal_reads_in_the_asked_language_and_logs_in_english() {
        let n = 3;
        let e = Error::InvalidInput(said!("{n} URLs are too many", "{n} 个 URL 太多了"));
        assert_eq!(e.message(Lang::ZhCn), "请检查输入：3 个 URL 太多了");
        assert_eq!(
            e.message(Lang::En),
            "Please check the input: 3 URLs are too many"
        );
        assert_eq!(e.to_string(), "invalid input: 3 URLs are too many");
    }
}

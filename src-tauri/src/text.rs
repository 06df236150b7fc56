//! The few sentences the shell itself says, in both languages.

use cachedesk_core::{Lang, Vendor};

/// The desktop notification when a job is done: the title says how it ended.
pub fn job_finished(
    lang: Lang,
    profile: &str,
    completed: u64,
    failed: u64,
    skipped: u64,
) -> (String, String) {
    let title = match (lang, failed, completed) {
        (Lang::En, 0, _) => "CacheDesk: job done",
        (Lang::En, _, 0) => "CacheDesk: job failed",
        (Lang::En, _, _) => "CacheDesk: job done, some URLs failed",
        (Lang::ZhCn, 0, _) => "CacheDesk：任务完成",
        (Lang::ZhCn, _, 0) => "CacheDesk：任务失败",
        (Lang::ZhCn, _, _) => "CacheDesk：任务完成，部分 URL 失败",
    };
    let body = match lang {
        Lang::En => format!(
            "{profile}: {}.",
            summary_line(lang, completed, failed, skipped)
        ),
        Lang::ZhCn => format!(
            "{profile}：{}。",
            summary_line(lang, completed, failed, skipped)
        ),
    };
    (title.into(), body)
}

/// The desktop notification when a job stops and needs a person: why, and what to do.
pub fn job_stopped(lang: Lang, profile: &str, reason: &str) -> (String, String) {
    match lang {
        Lang::En => (
            "CacheDesk: job stopped".into(),
            format!("{profile}: {reason} Open the job to continue."),
        ),
        Lang::ZhCn => (
            "CacheDesk：任务已停止".into(),
            format!("{profile}：{reason}打开任务即可继续。"),
        ),
    }
}

/// "64 done · 1 failed · 2 skipped" / "成功 64 · 失败 1 · 未提交 2": zeros left out except done.
pub fn summary_line(lang: Lang, completed: u64, failed: u64, skipped: u64) -> String {
    let mut parts = vec![match lang {
        Lang::En => format!("{completed} done"),
        Lang::ZhCn => format!("成功 {completed}"),
    }];
    if failed > 0 {
        parts.push(match lang {
            Lang::En => format!("{failed} failed"),
            Lang::ZhCn => format!("失败 {failed}"),
        });
    }
    if skipped > 0 {
        parts.push(match lang {
            Lang::En => format!("{skipped} skipped"),
            Lang::ZhCn => format!("未提交 {skipped}"),
        });
    }
    parts.join(" · ")
}

/// The name of the demo profile of a vendor.
pub fn demo_profile_name(lang: Lang, vendor: Vendor) -> String {
    let (en, zh) = match vendor {
        Vendor::BaiduCdn => ("Baidu AI Cloud CDN", "百度智能云 CDN"),
        Vendor::BaiduGeo => ("Baidu GEO", "百度 GEO"),
        Vendor::Baishan => ("Baishan Cloud", "白山云"),
    };
    match lang {
        Lang::En => format!("Demo · {en}"),
        Lang::ZhCn => format!("演示 · {zh}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finished_titles_follow_the_outcome() {
        assert_eq!(
            job_finished(Lang::En, "p", 64, 0, 2).0,
            "CacheDesk: job done"
        );
        let (title, body) = job_finished(Lang::ZhCn, "站点", 64, 1, 2);
        assert_eq!(title, "CacheDesk：任务完成，部分 URL 失败");
        assert_eq!(body, "站点：成功 64 · 失败 1 · 未提交 2。");
        assert_eq!(
            job_finished(Lang::En, "p", 0, 3, 0).0,
            "CacheDesk: job failed"
        );
        assert_eq!(
            job_finished(Lang::En, "p", 64, 1, 2).1,
            "p: 64 done · 1 failed · 2 skipped."
        );
    }

    #[test]
    fn stopped_says_why_in_full_width_chinese() {
        let (title, body) = job_stopped(Lang::ZhCn, "站点", "服务商未接受该凭据。");
        assert_eq!(title, "CacheDesk：任务已停止");
        assert_eq!(body, "站点：服务商未接受该凭据。打开任务即可继续。");
    }
}

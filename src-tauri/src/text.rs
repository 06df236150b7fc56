//! The few sentences the shell itself says, in both languages.

use cachedesk_core::{Lang, Vendor};

/// The desktop notification when a job is done.
pub fn job_finished(lang: Lang, profile: &str, completed: u64, failed: u64) -> (String, String) {
    match lang {
        Lang::En => (
            "CacheDesk: job finished".into(),
            format!("{profile}: {completed} done, {failed} failed."),
        ),
        Lang::ZhCn => (
            "CacheDesk:任务已完成".into(),
            format!("{profile}:成功 {completed} 个,失败 {failed} 个。"),
        ),
    }
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

//! `cachedesk quota`: what the vendor says is left today.

use super::{print_json, Ctx};
use crate::args::QuotaArgs;
use crate::failure::{Exit, Failure};
use crate::text::{say, tr};

pub async fn run(ctx: &Ctx, args: QuotaArgs) -> Result<Exit, Failure> {
    let lang = ctx.lang;
    let engine = ctx.engine()?;
    let profile = ctx.profile(&engine, &args.profile)?;
    let quota = engine
        .quota(profile.id, &ctx.credentials(&profile)?)
        .await?;
    if args.json {
        print_json(&serde_json::json!({
            "profile": profile.name,
            "vendor": profile.vendor,
            "quota": quota,
        }))?;
        return Ok(Exit::Ok);
    }
    let vendor = profile.vendor;
    let Some(q) = quota else {
        say!(
            "{}",
            tr!(
                lang,
                "{vendor} does not report its quota; its limits apply when URLs are sent.",
                "{vendor} 不提供额度查询;提交时按其限制执行。"
            )
        );
        return Ok(Exit::Ok);
    };
    let show = |left: Option<u64>, of: Option<u64>| match (left, of) {
        (Some(left), Some(of)) => Some(format!("{left} / {of}")),
        (Some(left), None) => Some(left.to_string()),
        _ => None,
    };
    let lines = [
        (
            tr!(lang, "URLs left today", "今日剩余 URL 额度"),
            show(q.url_remaining, q.url_quota),
        ),
        (
            tr!(lang, "directories left today", "今日剩余目录额度"),
            show(q.dir_remaining, q.dir_quota),
        ),
        (
            tr!(lang, "prefetches left today", "今日剩余预热额度"),
            show(q.prefetch_remaining, None),
        ),
    ];
    for (label, value) in lines {
        if let Some(value) = value {
            say!("{label}: {value}");
        }
    }
    Ok(Exit::Ok)
}

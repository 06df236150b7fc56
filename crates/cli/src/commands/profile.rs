//! `cachedesk profile add | list | show | rm | test`

use super::{print_json, Ctx};
use crate::args::{ProfileAddArgs, ProfileCommand};
use crate::credentials;
use crate::failure::{Exit, Failure};
use crate::text::{print_warning, say, tr};
use cachedesk_api::{wire, CredentialsAt};
use cachedesk_core::said;
use cachedesk_engine::{Profile, ProfileDraft};

pub async fn run(ctx: &Ctx, command: ProfileCommand) -> Result<Exit, Failure> {
    match command {
        ProfileCommand::Add(args) => add(ctx, args),
        ProfileCommand::List { json } => list(ctx, json),
        ProfileCommand::Show { name, json } => show(ctx, &name, json),
        ProfileCommand::Rm { name } => remove(ctx, &name),
        ProfileCommand::Test { name } => test(ctx, &name).await,
    }
}

fn add(ctx: &Ctx, args: ProfileAddArgs) -> Result<Exit, Failure> {
    let lang = ctx.lang;
    let desk = ctx.desk()?;
    let from_env = cachedesk_api::from_env(args.vendor)?;
    let draft = ProfileDraft {
        name: args.name,
        vendor: args.vendor,
        endpoint: args.endpoint,
        site: args.site,
        domains: args.domains,
        batch_size: args.batch_size,
        concurrency: args.concurrency,
    };
    if cachedesk_api::check_domains(&cachedesk_api::tidy(draft.clone())).is_err() {
        return Err(Failure::Core(cachedesk_core::Error::InvalidInput(said!(
            "list the site's hosts with --domain (e.g. --domain www.example.com or --domain '*.example.com', once for each), or allow any host explicitly with --domain '*'",
            "请用 --domain 列出站点的域名（例如 --domain www.example.com 或 --domain '*.example.com'，每个域名一次），或用 --domain '*' 明确允许任意域名"
        ))));
    }
    if let Some(warning) = cachedesk_api::any_host_warning(&draft.domains, lang) {
        print_warning(lang, warning);
    }
    if let Some((asked, kept)) = draft.batch_size_clamped() {
        let vendor = draft.vendor;
        let text = tr!(
            lang,
            "{vendor} takes at most {kept} URLs per request; --batch-size {asked} is lowered to {kept}.",
            "{vendor} 每次请求最多接受 {kept} 个 URL;--batch-size {asked} 已降为 {kept}。"
        );
        print_warning(lang, &text);
    }
    // A profile without its credentials would fail every later command: it is taken back when
    // they cannot be had or saved.
    let profile = desk.create_profile_with(draft, |profile| match from_env {
        Some(_) => Ok(None),
        None => credentials::ask(profile.vendor, lang).map(Some),
    })?;
    let name = &profile.name;
    if from_env.is_some() {
        say!(
            "{}",
            tr!(
                lang,
                "Saved profile '{name}'. Its credentials come from the environment: nothing was saved in the keyring.",
                "已保存配置 '{name}'。凭据来自环境变量，未写入系统凭据存储。"
            )
        );
        return Ok(Exit::Ok);
    }
    say!(
        "{}",
        tr!(
            lang,
            "Saved profile '{name}'; its credentials are in the system keyring. Check them with `cachedesk profile test {name}`.",
            "已保存配置 '{name}'，凭据已存入系统凭据存储。可用 `cachedesk profile test {name}` 检查凭据。"
        )
    );
    Ok(Exit::Ok)
}

fn list(ctx: &Ctx, json: bool) -> Result<Exit, Failure> {
    let profiles = ctx.engine()?.profiles()?;
    if json {
        let secrets = ctx.secrets();
        let profiles: Vec<_> = profiles
            .into_iter()
            .map(|p| wire::Profile::new(p, &secrets))
            .collect();
        print_json(&serde_json::json!({ "profiles": profiles }))?;
    } else if profiles.is_empty() {
        say!(
            "{}",
            tr!(
                ctx.lang,
                "No profiles yet. Add one with `cachedesk profile add NAME --vendor VENDOR`.",
                "还没有配置。请用 `cachedesk profile add 名称 --vendor 服务商` 添加。"
            )
        );
    } else {
        for p in &profiles {
            say!(
                "{}\t{}\t{}\t{}",
                p.name,
                p.vendor,
                endpoint(p),
                p.domains.join(",")
            );
        }
    }
    Ok(Exit::Ok)
}

fn endpoint(p: &Profile) -> String {
    p.endpoint.clone().unwrap_or_else(|| "-".into())
}

fn show(ctx: &Ctx, name: &str, json: bool) -> Result<Exit, Failure> {
    let lang = ctx.lang;
    let engine = ctx.engine()?;
    let profile = ctx.profile(&engine, name)?;
    let secrets = ctx.secrets();
    let at = secrets.credentials_at(&profile)?;
    if json {
        let profile = wire::Profile::new(profile, &secrets);
        print_json(&serde_json::json!({ "profile": profile, "credentials": at }))?;
        return Ok(Exit::Ok);
    }
    let p = &profile;
    let (vendor, endpoint, site, domains) = (
        p.vendor,
        endpoint(p),
        p.site.as_deref().unwrap_or("-"),
        p.domains.join(", "),
    );
    let batch = p.limits().urls_per_submit;
    let concurrency = p.concurrency();
    let credentials = match at {
        CredentialsAt::Environment => tr!(lang, "from the environment", "来自环境变量"),
        CredentialsAt::Keyring => tr!(lang, "saved in the system keyring", "已存入系统凭据存储"),
        CredentialsAt::Demo => tr!(lang, "the demo simulator's account", "演示模拟器的账号"),
        CredentialsAt::Missing => tr!(
            lang,
            "missing: add the profile again",
            "缺失：请重新添加配置"
        ),
        CredentialsAt::KeyringUnavailable => tr!(
            lang,
            "unknown: the keyring is unavailable",
            "未知：系统凭据存储不可用"
        ),
    };
    say!(
        "{}",
        tr!(
            lang,
            "name:        {name}\nvendor:      {vendor}\nendpoint:    {endpoint}\nsite:        {site}\ndomains:     {domains}\nbatch size:  {batch}\nconcurrency: {concurrency}\ncredentials: {credentials}",
            "名称：    {name}\n服务商：  {vendor}\n接口地址：{endpoint}\n站点：    {site}\n域名：    {domains}\n每批数量：{batch}\n并发数：  {concurrency}\n凭据：    {credentials}"
        )
    );
    Ok(Exit::Ok)
}

fn remove(ctx: &Ctx, name: &str) -> Result<Exit, Failure> {
    let desk = ctx.desk()?;
    let profile = ctx.profile(desk.engine(), name)?;
    // With credentials in the environment the keyring is left alone, as for every command.
    desk.delete_profile(&profile)?;
    say!(
        "{}",
        tr!(
            ctx.lang,
            "Removed profile '{name}'. Its jobs stay in the history.",
            "已删除配置 '{name}'，其任务仍保留在历史记录中。"
        )
    );
    Ok(Exit::Ok)
}

async fn test(ctx: &Ctx, name: &str) -> Result<Exit, Failure> {
    let engine = ctx.engine()?;
    let profile = ctx.profile(&engine, name)?;
    let credentials = ctx.credentials(&profile)?;
    engine.check_credentials(profile.id, &credentials).await?;
    let vendor = profile.vendor;
    say!(
        "{}",
        tr!(
            ctx.lang,
            "The credentials of '{name}' work at {vendor}.",
            "配置 '{name}' 的凭据在 {vendor} 验证通过。"
        )
    );
    Ok(Exit::Ok)
}

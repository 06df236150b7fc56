//! Messages follow LANG / LC_ALL: Chinese for zh_CN.

use crate::common::{urls, Env};
use cachedesk_core::Vendor;

fn zh(env: &Env, args: &[&str], stdin: Option<&str>, lang_var: &str) -> crate::common::Run {
    let mut cmd = env.with_env_credentials();
    cmd.env(lang_var, "zh_CN.UTF-8");
    crate::common::run(cmd, args, stdin)
}

#[test]
fn messages_in_chinese() {
    let mut env = Env::start();
    env.add_profile("cdn", Vendor::BaiduCdn, &[]);

    let unknown = zh(
        &env,
        &["purge", "-p", "nobody"],
        Some("https://www.example.com/a\n"),
        "LANG",
    );
    unknown.expect(2);
    assert!(
        unknown.stderr.contains("错误：没有名为 'nobody' 的配置"),
        "{}",
        unknown.stderr
    );

    let mixed = format!("{}\nnot a url\n", urls(1, "zh")[0]);
    let run = zh(
        &env,
        &["purge", "-p", "cdn", "--wait"],
        Some(&mixed),
        "LC_ALL",
    );
    run.expect(1);
    assert!(
        run.stdout
            .contains("任务 1 · 刷新文件 · 配置 cdn（baidu-cdn）：已结束")
            && run
                .stdout
                .contains("共 2 行：成功 1，失败 0，待确认 0，服务商已接收 0，等待 0，未提交 1")
            && run.stdout.contains("第 2 行被拒绝")
            && run.stdout.contains("个失败），服务商已接收"),
        "{}",
        run.stdout
    );
    // The last progress line says where the job ended, even when it ended within the two
    // seconds between lines.
    assert_eq!(
        run.stderr.lines().rfind(|l| l.contains("已提交")),
        Some("1/1 已提交 1，成功 1，失败 0"),
        "{}",
        run.stderr
    );
    let json = zh(
        &env,
        &["purge", "-p", "cdn", "--dry-run", "--json"],
        Some(&mixed),
        "LANG",
    )
    .json();
    assert!(
        json["rejected"][0]["message"]
            .as_str()
            .unwrap()
            .contains("网址"),
        "{json}"
    );

    // LC_ALL wins over LANG.
    let mut english = env.with_env_credentials();
    english
        .env("LANG", "zh_CN.UTF-8")
        .env("LC_ALL", "en_US.UTF-8");
    let run = crate::common::run(english, &["profile", "show", "nobody"], None);
    assert!(
        run.stderr.starts_with("error: There is no profile"),
        "{}",
        run.stderr
    );

    env.stop_sim();
    let down = zh(&env, &["quota", "-p", "cdn"], None, "LANG");
    down.expect(4);
    assert!(down.stderr.contains("无法连接服务商"), "{}", down.stderr);
}

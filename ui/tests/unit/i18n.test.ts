import { describe, expect, it } from "vitest";
import { get } from "svelte/store";
import { _ } from "svelte-i18n";
import en from "../../src/lib/i18n/en";
import zh from "../../src/lib/i18n/zh-CN";
import { applyLanguage, languageFor } from "../../src/lib/i18n";
import type { ErrorCode, JobOutcome, RejectReason, UrlState } from "../../src/lib/bindings";

function flatten(obj: object, prefix = ""): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (typeof v === "string") out[prefix + k] = v;
    else Object.assign(out, flatten(v as object, `${prefix}${k}.`));
  }
  return out;
}

const flatEn = flatten(en);
const flatZh = flatten(zh);

describe("dictionaries", () => {
  it("have exactly the same keys", () => {
    expect(Object.keys(flatZh).sort()).toEqual(Object.keys(flatEn).sort());
  });

  it("have no empty text", () => {
    for (const [key, text] of [...Object.entries(flatEn), ...Object.entries(flatZh)]) {
      expect(text.trim(), key).not.toBe("");
    }
  });

  it("use the same placeholders in both languages", () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(flatEn)) {
      expect(names(flatZh[key]), key).toEqual(names(flatEn[key]));
    }
  });

  it("the Chinese one is Chinese", () => {
    expect(flatZh["nav.submit"]).toBe("刷新 / 预热");
    expect(flatZh["action.purge-files"]).toBe("刷新文件");
    expect(flatZh["action.purge-directories"]).toBe("刷新目录");
    expect(flatZh["action.prefetch"]).toBe("预热");
  });

  it("cover every code the backend can send", () => {
    // Records over the unions: a code or reason added to the bindings fails to compile until listed here.
    const errorSet: Record<ErrorCode, true> = {
      invalid_input: true, auth: true, account: true, endpoint: true, clock_skew: true, quota_exceeded: true,
      rate_limited: true, vendor: true, network: true, partial: true, keyring: true, storage: true,
      not_found: true, already_exists: true, internal: true,
    };
    const errors = Object.keys(errorSet);
    // A Record over the union: adding a reason to the bindings fails to compile until listed here.
    const reasonSet: Record<RejectReason, true> = {
      not_a_url: true, missing_scheme: true, fullwidth_colon: true, unsupported_scheme: true, missing_host: true,
      invalid_host: true, extra_text: true, has_credentials: true, wildcard_not_allowed: true,
      host_not_covered: true, directory_without_slash: true, directory_not_allowed_for_prefetch: true,
      too_long: true, file_unreadable: true,
    };
    const reasons = Object.keys(reasonSet);
    const states: UrlState[] = ["pending", "sending", "accepted", "uncertain", "completed", "failed", "rejected"];
    const outcomes: JobOutcome[] = ["scheduled", "running", "completed", "partial", "failed"];
    for (const d of [flatEn, flatZh]) {
      for (const c of errors) expect(d[`errors.${c}.title`], c).toBeTruthy();
      for (const r of reasons) expect(d[`reject.${r}`], r).toBeTruthy();
      for (const s of states) expect(d[`url_state.${s}`], s).toBeTruthy();
      for (const s of outcomes) expect(d[`job_status.${s}`], s).toBeTruthy();
    }
  });
});

describe("language", () => {
  it("is Chinese for any Chinese OS locale, English otherwise", () => {
    expect(languageFor("zh-CN")).toBe("zh-CN");
    expect(languageFor("zh_CN.UTF-8")).toBe("zh-CN");
    expect(languageFor("zh-TW")).toBe("zh-CN");
    expect(languageFor("en-US")).toBe("en");
    expect(languageFor("fr")).toBe("en");
    expect(languageFor(null)).toBe("en");
  });

  it("switches the messages and the document language", () => {
    applyLanguage("zh-CN");
    expect(get(_)("nav.jobs")).toBe("任务记录");
    expect(document.documentElement.lang).toBe("zh-CN");
    applyLanguage("en");
    expect(get(_)("nav.jobs")).toBe("Jobs");
  });

  it("formats plurals and numbers", () => {
    const t = get(_);
    expect(t("submit.send", { values: { count: 1 } })).toBe("Send 1 URL");
    expect(t("submit.send", { values: { count: 1200 } })).toBe("Send 1,200 URLs");
    // One page purged is the common case: no "1 URLs".
    expect(t("submit.started.purge-files", { values: { count: 1 } })).toBe("Purge of 1 URL started.");
    expect(t("job.exported", { values: { count: 1, path: "a.csv" } })).toBe("Saved 1 row to a.csv.");
    expect(t("stop.waiting", { values: { count: 1 } })).toMatch(/^1 URL is waiting to be sent\./);
    applyLanguage("zh-CN");
    expect(get(_)("submit.send", { values: { count: 1200 } })).toBe("提交 1,200 个 URL");
    expect(get(_)("submit.started.purge-files", { values: { count: 1200 } })).toBe("已开始刷新 1,200 个 URL。");
  });
});

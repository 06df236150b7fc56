// TEST FIXTURE, never part of the real app: an in-page stand-in for the Tauri shell that
// answers the IPC contract of `lib/bindings.ts` from memory. Unit tests and the browser-test
// build (vite --mode browser-test) use it; the production build drops it.
import { mockIPC, mockWindows } from "@tauri-apps/api/mocks";
import { emit } from "@tauri-apps/api/event";
import type {
  commands,
  Action,
  Counts,
  EdgeReport,
  EdgeSettings,
  EdgeUrl,
  EdgeVerdict,
  ErrorBody,
  InputRequest,
  JobError,
  JobFilter,
  JobSummary,
  JobUrl,
  Kind,
  Preview,
  Profile,
  ProfileInput,
  Quota,
  QuotaByAction,
  QuotaKind,
  QuotaUse,
  RejectedLine,
  UrlRecord,
  VendorRecord,
  UrlState,
  Vendor,
} from "../lib/bindings";
import { VENDORS, VENDOR_IDS } from "../lib/vendors";

export type FakeOptions = {
  /** what app_info reports as the OS locale */
  locale?: string;
  /** historical jobs to create for the demo profiles (needs `demo: true`) */
  seedJobs?: number;
  /** start with the demo profiles already there */
  demo?: boolean;
  /** preferences already in the store */
  prefs?: Record<string, unknown>;
  /** milliseconds between simulated progress steps */
  tickMs?: number;
  /**
   * The next job stops after its first request with this reason, as the real engine does:
   * `auth` until the profile is saved with new keys, the others until the job is resumed.
   */
  stopWith?: StopCode;
  /** the vendor's history: at most this many records in any range, or every call fails */
  history?: { records?: number; fails?: boolean };
  /** where the real intake answers (scripts/dev-preview.mjs); the page's own /__dev/preview by default */
  intakeUrl?: string;
};

export type StopCode = "auth" | "quota_exceeded" | "network";

type Commands = typeof commands;
/** What a command answers when it succeeds. */
type Answer<K extends keyof Commands> = Awaited<ReturnType<Commands[K]>> extends { status: "ok"; data: infer T } | { status: "error" } ? T : never;
/**
 * The fake's side of the generated `commands` (bindings.ts): a renamed command, a changed
 * parameter or answer fails `npm run check` here instead of at run time.
 */
type FakeCommands = { [K in keyof Commands]: (...params: Parameters<Commands[K]>) => Answer<K> | Promise<Answer<K>> };

/** The engine's own sentences for these stops (cachedesk_core::Error::message). */
const STOPS: Record<StopCode, Omit<JobError, "code">> = {
  auth: {
    message_en:
      "The vendor did not accept the credentials (The AccessKeyId does not exist). Check the keys or token in the profile.",
    message_zh_cn: "服务商未接受该凭据（The AccessKeyId does not exist）。请检查配置中的密钥或令牌。",
    details: { vendor_code: "InvalidAccessKeyId" },
  },
  quota_exceeded: {
    message_en:
      "Today's quota at the vendor is used up (the daily URL purge quota is used up). Try again tomorrow or ask the vendor to raise it.",
    message_zh_cn: "今日额度已用完（the daily URL purge quota is used up）。请明天再试，或联系服务商提高额度。",
    details: null,
  },
  network: {
    message_en: "Could not reach the vendor (connection refused). Check the network connection and try again.",
    message_zh_cn: "无法连接服务商（connection refused）。请检查网络后重试。",
    details: { maybe_delivered: false },
  },
};

declare global {
  interface Window {
    __CACHEDESK_FAKE__?: FakeOptions;
  }
}

/** Files the fake "reads" when their paths are dropped or picked. */
export const FAKE_FILES: Record<string, string[]> = {
  "/home/editor/春季新品.xlsx": [
    ...Array.from({ length: 60 }, (_, i) => `https://www.example.com/spring/item-${i + 1}.html`),
    "https://www.example.com/spring/item-1.html",
    "https://www.example.com/活动/海报.png",
    "https://img.other-site.cn/banner.jpg",
    "www.example.com/spring/index.html",
  ],
  "/home/editor/urls.txt": ["https://www.example.com/news/", "https://www.example.com/about.html"],
};

const DEMO_NAMES: Record<Vendor, [string, string]> = {
  "baidu-cdn": ["Baidu AI Cloud CDN", "百度智能云 CDN"],
  "baidu-geo": ["Baidu GEO", "百度 GEO"],
  baishan: ["Baishan Cloud", "白山云"],
};

const fail = (code: ErrorBody["code"], message: string, details: ErrorBody["details"] = null): ErrorBody => ({
  code,
  message,
  details,
});

type ReasonCode = NonNullable<JobUrl["reason_code"]>;

/** The engine's sentences (cachedesk_engine::UrlReason::message) for the reasons the fake uses. */
const REASONS: Partial<Record<ReasonCode, [string, string]>> = {
  not_sent: ["This line was not sent: it was skipped before sending (see the details).", "此行未提交：在提交前已跳过（见详情）。"],
  origin_not_found: [
    "The file does not exist at the origin (it answered 404). Check the address, or publish the file first, then retry.",
    "源站上没有这个文件（返回 404）。请检查地址，或先发布该文件，然后重试。",
  ],
  origin_timeout: ["The origin server did not answer in time. Check that the origin is up, then retry.", "源站响应超时。请确认源站正常后重试。"],
  not_in_vendor_records: [
    "The answer to the submit was lost and the vendor has no record of this URL. Send it again.",
    "提交的答复丢失，服务商也没有此 URL 的记录。请重新提交。",
  ],
};

type Why = Pick<JobUrl, "reason" | "reason_code" | "reject_code" | "explanation_en" | "explanation_zh_cn">;

/** A URL's reason as the shell sends it: the journal's text, its code and the code's sentences. */
function why(code: ReasonCode | null, reason: string | null): Why {
  const [en, zh] = (code && REASONS[code]) || [null, null];
  return { reason, reason_code: code, reject_code: null, explanation_en: en, explanation_zh_cn: zh };
}

/** A line refused before sending, explained by intake's code (cachedesk_engine's
 * `UrlResult::explanation`; the fake has its message in the language it previewed in). */
function notSent(r: RejectedLine): Why {
  return {
    reason: r.message,
    reason_code: "not_sent",
    reject_code: r.reason_code,
    explanation_en: `${r.message} The line was not sent.`,
    explanation_zh_cn: `${r.message}此行未提交。`,
  };
}

/** A job's line as the shell sends it; what the fake does not play (vendor times, progress) is null. */
function urlRow(line: number, url: string, state: UrlState, task_id: string | null, reason: Why, updated_at: string): JobUrl {
  const unknown = { raw_status: null, progress: null, sent_at: null, vendor_created_at: null, vendor_started_at: null, vendor_finished_at: null };
  return { line, url, state, task_id, ...reason, ...unknown, updated_at };
}

const ZERO: Counts = { pending: 0, sending: 0, accepted: 0, uncertain: 0, completed: 0, failed: 0, rejected: 0 };

type Job = JobSummary & { urls: JobUrl[] | null; task_ids: string[] };

/** A URL's last edge check as the engine keeps it; its row (sentences, headers) is made only
 * for the URLs a report lists. */
type EdgeKept = Pick<EdgeUrl, "line" | "url" | "verdict" | "checked_at">;
/** The most URLs an edge report lists (the shell's `EdgeReport::SHOWN`). */
const EDGE_SHOWN = 200;

export function createFakeBackend(options: FakeOptions = {}) {
  const prefs = new Map<string, unknown>(Object.entries(options.prefs ?? {}));
  const profiles: Profile[] = [];
  const jobs: Job[] = [];
  const tickMs = options.tickMs ?? 400;
  let stopWith = options.stopWith ?? null;
  let nextId = 1;
  const now = () => new Date().toISOString();
  const newId = (prefix: string) => `${prefix}-${String(nextId++).padStart(6, "0")}`;

  /** An edit keeps the profile's uuid and concurrency, as the shell does (the form shows neither). */
  function makeProfile(input: Omit<ProfileInput, "credentials">, demo: boolean, hasKeys: boolean, kept: Profile | null = null): Profile {
    return {
      id: input.id ?? newId("p"),
      uuid: kept?.uuid ?? `00000000-0000-4000-8000-${String(nextId++).padStart(12, "0")}`,
      name: input.name,
      vendor: input.vendor,
      endpoint: input.endpoint,
      site: input.site,
      domains: input.domains,
      batch_size: input.batch_size,
      concurrency: kept?.concurrency ?? null,
      has_credentials: hasKeys,
      demo,
      created_at: now(),
      updated_at: now(),
    };
  }

  /** The UI language as the shell knows it: the stored choice, else the OS locale. */
  function uiChinese(language: unknown = prefs.get("language")): boolean {
    return typeof language === "string" ? language === "zh-CN" : (options.locale ?? "").startsWith("zh");
  }

  /** Named in the UI language, as the shell names them (src-tauri text.rs demo_profile_name). */
  function demoName(vendor: Vendor, zh: boolean): string {
    return zh ? `演示 · ${DEMO_NAMES[vendor][1]}` : `Demo · ${DEMO_NAMES[vendor][0]}`;
  }

  function startDemo(): Profile[] {
    const sites: Record<Vendor, string | null> = { "baidu-cdn": null, "baidu-geo": "site-demo-01", baishan: null };
    for (const vendor of VENDOR_IDS) {
      if (profiles.some((p) => p.demo && p.vendor === vendor)) continue;
      profiles.push(
        makeProfile(
          {
            id: null,
            name: demoName(vendor, uiChinese()),
            vendor,
            endpoint: "http://127.0.0.1:18080",
            site: sites[vendor],
            domains: ["www.example.com", "*.example.cn"],
            batch_size: null,
          },
          true,
          true,
        ),
      );
    }
    return profiles.filter((p) => p.demo);
  }

  /** As the shell's Demo::rename: the demo's own names follow the language, chosen ones stay. */
  function nameDemo(language: string): Profile[] {
    const zh = uiChinese(language);
    for (const p of profiles.filter((x) => x.demo)) {
      if ([true, false].some((z) => demoName(p.vendor, z) === p.name)) p.name = demoName(p.vendor, zh);
    }
    return profiles.filter((p) => p.demo);
  }

  function profileOr404(id: string): Profile {
    const p = profiles.find((x) => x.id === id);
    if (!p) throw fail("not_found", `profile ${id}`);
    return p;
  }

  function quotaFor(p: Profile): Quota | null {
    if (p.vendor === "baidu-cdn") {
      return { url_remaining: 19_850, url_quota: 20_000, dir_remaining: 195, dir_quota: 200, prefetch_remaining: null };
    }
    if (p.vendor === "baishan") {
      return { url_remaining: null, url_quota: null, dir_remaining: null, dir_quota: null, prefetch_remaining: 9_400 };
    }
    return null;
  }

  /** The quota each action draws on, as the engine's QuotaByAction::of tells it. */
  function quotaByAction(q: Quota | null): QuotaByAction {
    const use = (kind: QuotaKind, remaining: number | null, limit: number | null): QuotaUse => ({ kind, remaining, limit, needed: 0 });
    const url = use("url", q?.url_remaining ?? null, q?.url_quota ?? null);
    return {
      "purge-files": url,
      "purge-directories": use("dir", q?.dir_remaining ?? null, q?.dir_quota ?? null),
      prefetch: q?.prefetch_remaining != null ? use("prefetch", q.prefetch_remaining, null) : url,
    };
  }

  function countsOf(urls: JobUrl[]): Counts {
    const counts = { ...ZERO };
    for (const u of urls) counts[u.state]++;
    return counts;
  }

  function outcomeOf(job: Job): JobSummary["outcome"] {
    const c = job.counts;
    const open = c.pending + c.sending + c.accepted;
    if (open > 0) return "running";
    // Lines skipped before sending do not count against a job (JobOutcome in the engine).
    if (c.failed + c.uncertain === 0) return "completed";
    return c.completed === 0 ? "failed" : "partial";
  }

  const summary = ({ urls: _u, task_ids: _t, ...rest }: Job): JobSummary => rest;

  function addJob(p: Profile, action: Action, urls: string[], rejected: RejectedLine[], start_at: string | null, retry_of: string | null): Job {
    const list: JobUrl[] = [
      ...urls.map((url, i) => urlRow(i + 1, url, "pending", null, why(null, null), now())),
      ...rejected.map((r, i) => urlRow(urls.length + i + 1, r.text, "rejected", null, notSent(r), now())),
    ];
    const job: Job = {
      id: newId("job"),
      profile_id: p.id,
      profile_name: p.name,
      vendor: p.vendor,
      action,
      status: "running",
      outcome: "running",
      created_at: now(),
      start_at,
      updated_at: now(),
      finished_at: null,
      total: list.length,
      counts: countsOf(list),
      retry_of,
      error: null,
      urls: list,
      task_ids: [],
    };
    jobs.unshift(job);
    run(job);
    return job;
  }

  /** Moves a job's URLs along pending → sending → accepted → completed/failed, with events. */
  function run(job: Job): void {
    const urls = job.urls ?? [];
    const batch = VENDORS[job.vendor].max_batch;
    const step = () => {
      for (const u of urls) {
        if (u.state === "accepted") {
          const broken = u.url.includes("missing");
          u.state = broken ? "failed" : "completed";
          // The simulator's words for a missing file (crates/sim FAILURE_REASON).
          Object.assign(u, broken ? why("origin_not_found", "origin returned 404 Not Found") : why(null, null));
        } else if (u.state === "sending") {
          // "lost" in a URL: the answer to its submit was lost and reconciliation found nothing sure.
          u.state = u.url.includes("lost") ? "uncertain" : "accepted";
          if (u.state === "uncertain") {
            Object.assign(u, why("not_in_vendor_records", "the vendor has no record of this URL after the lost answer"));
          }
        }
      }
      const waiting = urls.filter((u) => u.state === "pending").slice(0, batch);
      if (stopWith && waiting.length) {
        // The next request is refused account-wide: the job stops with the rest waiting.
        job.counts = countsOf(urls);
        job.status = "stopped";
        job.outcome = "failed";
        job.error = { code: stopWith, ...STOPS[stopWith] };
        void emit("job-progress", { job_id: job.id, counts: job.counts, total: job.total, finished: false, stopped: true });
        return;
      }
      if (waiting.length) {
        const task = `task-${job.vendor}-${String(nextId++).padStart(8, "0")}`;
        job.task_ids.push(task);
        for (const u of waiting) {
          u.state = "sending";
          u.task_id = task;
        }
      }
      job.counts = countsOf(urls);
      job.outcome = outcomeOf(job);
      const finished = job.outcome !== "running";
      job.status = finished ? "finished" : "running";
      job.updated_at = now();
      if (finished) job.finished_at = now();
      void emit("job-progress", { job_id: job.id, counts: job.counts, total: job.total, finished, stopped: false });
      if (!finished) setTimeout(step, tickMs);
      else if (job.action !== "purge-directories" && edgeSettingsOf(job.profile_id).auto_check) {
        // As the shell: the check the profile asks for, then `edge-checked`. The shell checks in
        // Rust, off the page's thread; the fake checks in the page, a tick before it tells the
        // page, so the frame in which the report lands holds only the page's own work (the
        // job-view bench measures that frame).
        setTimeout(() => {
          checkEdge(job);
          setTimeout(() => void emit("edge-checked", { job_id: job.id }), tickMs);
        }, tickMs);
      }
    };
    setTimeout(step, tickMs);
  }

  function seedHistory(count: number): void {
    const demo = profiles.filter((p) => p.demo);
    if (!demo.length) return;
    const actions: Action[] = ["purge-files", "purge-files", "prefetch", "purge-directories"];
    const base = Date.now();
    for (let i = 0; i < count; i++) {
      const p = demo[i % demo.length];
      const total = 1 + ((i * 37) % 400);
      const failed = i % 11 === 0 ? 1 + (i % 7) : 0;
      const counts = { ...ZERO, completed: total - failed, failed };
      const created = new Date(base - (i + 1) * 45 * 60 * 1000);
      jobs.push({
        id: `job-h${String(i).padStart(6, "0")}`,
        profile_id: p.id,
        profile_name: p.name,
        vendor: p.vendor,
        action: actions[i % actions.length],
        status: "finished",
        outcome: !failed ? "completed" : failed < total ? "partial" : "failed",
        created_at: created.toISOString(),
        start_at: null,
        updated_at: new Date(created.getTime() + 90_000).toISOString(),
        finished_at: new Date(created.getTime() + 90_000).toISOString(),
        total,
        counts,
        retry_of: null,
        error: null,
        urls: null,
        task_ids: [`task-${p.vendor}-h${i}`],
      });
    }
  }

  // Proof at the edge, as the simulator's edge answers: "stale" in a URL is a node that
  // missed the purge, "gone" a 404; a prefetch's "cold" URL is not cached yet.
  const EDGE_SENTENCES: Record<EdgeVerdict, [string, string]> = {
    fresh: ["Fresh: the edge fetched it again after the purge.", "已更新：节点在刷新完成后重新获取了该文件。"],
    matches_origin: ["Fresh: the edge serves exactly what the origin serves.", "已更新：节点内容与源站完全一致。"],
    stale: [
      "Still stale: the edge serves a copy from before the purge. Check again in a few minutes, or purge it again.",
      "仍是旧内容：节点仍在提供刷新前的缓存。请过几分钟再检查，或再次刷新。",
    ],
    not_cached: ["Not cached yet: the prefetch has not reached this edge. Check again later.", "尚未缓存：预热还未到达该节点，请稍后再检查。"],
    error: ["Error: the edge answered with an error. Check that the address is right.", "出错：节点返回了错误。请检查网址是否正确。"],
    unknown: ["Unknown: the edge's headers do not say how old its copy is.", "无法判断：节点的响应头没有说明缓存的新旧。"],
  };
  const edgeSettings = new Map<string, EdgeSettings>();
  /** The last check of each checked URL of a job, in line order, as the engine keeps it. */
  const edgeChecks = new Map<string, EdgeKept[]>();

  function edgeSettingsOf(profileId: string): EdgeSettings {
    const demo = profiles.find((p) => p.id === profileId)?.demo ?? false;
    return edgeSettings.get(profileId) ?? { auto_check: demo, origin: null, resolve: [] };
  }

  /** As the shell: the counts, and at most 200 checks (all in line order when they fit, else
   * those that need a look first), the line `first` (just checked again) first when it would
   * not be among them. */
  function edgeReport(job: Job, first: number | null = null): EdgeReport {
    const kept = edgeChecks.get(job.id) ?? [];
    const counts = { fresh: 0, matches_origin: 0, stale: 0, not_cached: 0, error: 0, unknown: 0 };
    for (const c of kept) counts[c.verdict]++;
    const fine = (c: EdgeKept) => c.verdict === "fresh" || c.verdict === "matches_origin";
    let listed = kept.length <= EDGE_SHOWN ? kept : [...kept.filter((c) => !fine(c)), ...kept.filter(fine)].slice(0, EDGE_SHOWN);
    const again = kept.find((c) => c.line === first);
    if (again && !listed.includes(again)) listed = [again, ...listed.slice(0, EDGE_SHOWN - 1)];
    return {
      job_id: job.id,
      skipped: job.action === "purge-directories" ? "directories" : null,
      counts,
      total: kept.length,
      checked_at: kept.reduce<string | null>((t, c) => (t && t > c.checked_at ? t : c.checked_at), null),
      items: listed.map(edgeUrl),
    };
  }

  /** Checks URLs of `job` as the simulator's edge answers, at one time, with the profile's
   * settings read once (a job may have 20,000 URLs). */
  function edgeChecker(job: Job): (line: number, url: string) => EdgeKept {
    const origin = edgeSettingsOf(job.profile_id).origin;
    const checked_at = now();
    return (line, url) => {
      const verdict: EdgeVerdict = url.includes("gone")
        ? "error"
        : url.includes("stale")
          ? "stale"
          : job.action === "prefetch" && url.includes("cold")
            ? "not_cached"
            : origin
              ? "matches_origin"
              : "fresh";
      return { line, url, verdict, checked_at };
    };
  }

  function edgeUrl({ line, url, verdict, checked_at }: EdgeKept): EdgeUrl {
    const [en, zh] = EDGE_SENTENCES[verdict];
    return {
      line,
      url,
      verdict,
      sentence_en: en,
      sentence_zh_cn: zh,
      checked_at,
      status: verdict === "error" ? 404 : 200,
      cache: verdict === "stale" ? "HIT from sim-edge" : verdict === "error" ? null : "MISS from sim-edge",
      age_secs: verdict === "stale" ? 3600 : null,
      error: null,
    };
  }

  function finishedUrls(job: Job): { line: number; url: string }[] {
    const done: { line: number; url: string }[] = [];
    urlsOf(job).forEach((u, i) => {
      if (u.state === "completed") done.push({ line: i + 1, url: u.url });
    });
    return done;
  }

  function checkEdge(job: Job): EdgeReport {
    if (job.action === "purge-directories") return edgeReport(job);
    const check = edgeChecker(job);
    edgeChecks.set(
      job.id,
      finishedUrls(job).map((u) => check(u.line, u.url)),
    );
    return edgeReport(job);
  }

  /** As the engine: a URL of the job, or a sample under one of a directory purge's
   * directories (same scheme and host, path below), kept as that line's check. */
  function checkEdgeUrl(job: Job, text: string): EdgeReport {
    let parsed: URL | null = null;
    try {
      parsed = new URL(text.trim());
    } catch {
      parsed = null;
    }
    const under = (dir: string): boolean => {
      const d = new URL(dir);
      return !!parsed && d.protocol === parsed.protocol && d.host === parsed.host && parsed.pathname.startsWith(d.pathname);
    };
    const match =
      job.action === "purge-directories"
        ? finishedUrls(job)
            .filter((u) => under(u.url))
            .sort((a, b) => b.url.length - a.url.length)[0]
        : finishedUrls(job).find((u) => u.url === text);
    if (!match || !parsed) {
      throw fail(
        "invalid_input",
        job.action === "purge-directories"
          ? `${text} is not under a finished directory of job ${job.id}: give a URL that starts with one of them`
          : `${text} is not a finished URL of job ${job.id}: give it as the job lists it`,
      );
    }
    const kept = (edgeChecks.get(job.id) ?? []).filter((c) => c.line !== match.line);
    const url = job.action === "purge-directories" ? parsed.href : match.url;
    edgeChecks.set(
      job.id,
      [...kept, edgeChecker(job)(match.line, url)].sort((a, b) => a.line - b.line),
    );
    return edgeReport(job, match.line);
  }

  function jobOr404(id: string): Job {
    const job = jobs.find((j) => j.id === id);
    if (!job) throw fail("not_found", `job ${id}`);
    return job;
  }

  /** Seeded jobs make their URLs up on demand, so 20,000 of them cost nothing. */
  function urlsOf(job: Job): JobUrl[] {
    if (job.urls) return job.urls;
    return Array.from({ length: job.total }, (_, i) => {
      const failed = i < job.counts.failed;
      const url =
        job.action === "purge-directories"
          ? `https://www.example.com/archive/${job.id}/part-${i + 1}/`
          : `https://www.example.com/archive/${job.id}/page-${i + 1}.html`;
      const reason = failed ? why("origin_timeout", "origin timed out") : why(null, null);
      return urlRow(i + 1, url, failed ? "failed" : "completed", job.task_ids[0] ?? null, reason, job.finished_at ?? job.updated_at);
    });
  }

  function matches(job: Job, f: JobFilter): boolean {
    if (f.profile_id && job.profile_id !== f.profile_id) return false;
    if (f.action && job.action !== f.action) return false;
    if (f.outcome && job.outcome !== f.outcome) return false;
    if (f.stopped && !job.error) return false;
    if (f.from && job.created_at < f.from) return false;
    if (f.to && job.created_at > f.to) return false;
    if (f.query) {
      const q = f.query.toLowerCase();
      const hit =
        job.profile_name.toLowerCase().includes(q) ||
        job.task_ids.some((t) => t.includes(q)) ||
        (job.urls ?? []).some((u) => u.url.toLowerCase().includes(q));
      if (!hit) return false;
    }
    return true;
  }

  /**
   * As the shell: with no kind, the purge walk, then the prefetch walk (the token "1|" starts
   * it even when it has nothing), 50 records a page. One record every 2 hours, with `history`
   * records at most; Chinese paths percent-encoded as the vendors return them.
   */
  function vendorHistory(req: { profile_id: string; kind: Kind | null; from: string; to: string; url: string | null; next: string | null }) {
    const p = profileOr404(req.profile_id);
    if (options.history?.fails) throw fail("network", "connection refused");
    const PAGE = 50;
    const from = Date.parse(req.from);
    const to = Date.parse(req.to);
    const kinds: Kind[] = req.kind ? [req.kind] : ["purge", "prefetch"];
    const [walk, page] = req.next ? [Number(req.next.split("|")[0]), Number(req.next.split("|")[1] || 1)] : [0, 1];
    const records: VendorRecord[] = [];
    const limit = options.history?.records ?? Infinity;
    for (let t = to, i = 0; t > from && i < limit; t -= 2 * 60 * 60 * 1000, i++) {
      const kind: Kind = i % 3 === 2 ? "prefetch" : "purge";
      if (kind !== kinds[walk]) continue;
      const path = i % 4 === 1 ? `%E6%B4%BB%E5%8A%A8/${i + 1}.html` : `${kind === "purge" ? "news" : "static"}/${i + 1}.html`;
      const url = `https://www.example.com/${path}`;
      if (req.url && !url.includes(req.url)) continue;
      const status = i === 0 ? "running" : i % 9 === 4 ? "failed" : "completed";
      records.push({
        task_id: `${p.vendor}-console-${1000 + i}`,
        record_id: null,
        url,
        kind,
        target: "file",
        status,
        raw_status: status === "running" ? "in-progress" : status,
        progress: status === "running" ? 40 : 100,
        created_at: new Date(t).toISOString(),
        started_at: null,
        finished_at: null,
        // The simulator's words for a prefetch the origin refused, read as the shell reads them.
        ...(status === "failed" ? why("origin_not_found", "origin returned 404 Not Found") : why(null, null)),
      });
    }
    const items = records.slice((page - 1) * PAGE, page * PAGE);
    const next = page * PAGE < records.length ? `${walk}|${page + 1}` : walk + 1 < kinds.length ? `${walk + 1}|` : null;
    return { items, next };
  }

  /** The whole range, walked page by page as the app's export does, then the status filter. */
  function exportVendorHistory(req: { profile_id: string; kind: Kind | null; from: string; to: string; url: string | null; status: UrlRecord["status"] | null }): number {
    let rows = 0;
    let next: string | null = null;
    do {
      const page = vendorHistory({ ...req, next });
      rows += page.items.filter((r) => !req.status || r.status === req.status).length;
      next = page.next;
    } while (next);
    return rows;
  }

  if (options.demo) startDemo();
  if (options.seedJobs) seedHistory(options.seedJobs);

  /**
   * The app's preview of the input and every URL a job of it would send, from the real Rust
   * intake (scripts/dev-preview.mjs answers at `intakeUrl`); the fake's files come along.
   */
  async function intake(req: InputRequest): Promise<{ profile: Profile; preview: Preview; urls: string[] }> {
    const profile = profileOr404(req.profile_id);
    const request = {
      vendor: profile.vendor,
      domains: profile.domains,
      batch_size: profile.batch_size,
      action: req.action,
      text: req.text,
      files: req.paths.map((path) => ({ path, text: path in FAKE_FILES ? FAKE_FILES[path].join("\n") : null })),
      fixes: req.fixes,
      quota: quotaFor(profile),
      lang: uiChinese() ? "zh-CN" : "en",
    };
    // text/plain: no CORS preflight when the unit tests' page asks another origin.
    const reply = await fetch(options.intakeUrl ?? "/__dev/preview", { method: "POST", headers: { "content-type": "text/plain" }, body: JSON.stringify(request) });
    if (!reply.ok) throw fail("internal", `the development intake (dev-preview) failed: ${await reply.text()}`);
    const { preview, urls } = (await reply.json()) as { preview: Preview; urls: string[] };
    return { profile, preview, urls };
  }

  const notInTheFake = (cmd: string) => (): never => {
    throw fail("internal", `unknown command ${cmd}`);
  };

  /** Every command of the generated `commands`, with its parameters and its answer. */
  const api = {
    appInfo: () => ({ version: "0.1.0", data_dir: "/home/editor/.local/share/com.cachedesk.app", os_locale: options.locale ?? null }),
    listProfiles: () => profiles,
    saveProfile: (input) => {
      const existing = input.id ? profileOr404(input.id) : null;
      // As the shell: saved keys never go to a new host unless entered again.
      if (existing && !input.credentials && (existing.endpoint !== input.endpoint || existing.vendor !== input.vendor)) {
        throw fail("invalid_input", "the profile now points to another address or vendor: enter the keys again");
      }
      // As the store: a live profile's name is taken once (ErrorCode::AlreadyExists).
      const name = input.name.trim();
      if (profiles.some((p) => p.name === name && p.id !== input.id)) {
        throw fail("already_exists", `A profile named '${name}' already exists. Choose another name.`, { field: "name", name });
      }
      const saved = makeProfile(input, existing?.demo ?? false, Boolean(input.credentials) || (existing?.has_credentials ?? false), existing);
      // New keys fix a job stopped over the old ones.
      if (input.credentials && stopWith === "auth") stopWith = null;
      if (existing) profiles.splice(profiles.indexOf(existing), 1, saved);
      else profiles.push(saved);
      return saved;
    },
    deleteProfile: (id) => {
      profiles.splice(profiles.indexOf(profileOr404(id)), 1);
      return null;
    },
    testProfile: (id) => {
      const p = profileOr404(id);
      if (!p.has_credentials) throw fail("auth", "no credentials stored", { vendor_code: "InvalidAccessKeyId" });
      // The keys that stopped a job are refused here too, until new ones are saved.
      if (stopWith === "auth") {
        throw fail("auth", uiChinese() ? STOPS.auth.message_zh_cn : STOPS.auth.message_en, STOPS.auth.details);
      }
      return { checked_at: now(), quota: quotaFor(p) };
    },
    startDemo: () => startDemo(),
    nameDemoProfiles: (language) => nameDemo(language),
    previewInput: async (request) => {
      // As the shell: `input-progress` every 100 ms while a long input is checked, then the end.
      const total = request.text.split("\n").length;
      for (let done = 50_000; done < total; done += 50_000) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        void emit("input-progress", { lines_done: done, lines_total: total });
      }
      void emit("input-progress", { lines_done: total, lines_total: total });
      return (await intake(request)).preview;
    },
    submitJob: async (request) => {
      const { profile, preview, urls } = await intake(request);
      if (!urls.length) throw fail("invalid_input", "nothing to send");
      return summary(addJob(profile, request.action, urls, preview.rejected, request.start_at, null));
    },
    listJobs: (request) => {
      const found = jobs.filter((j) => matches(j, request.filter));
      return { items: found.slice(request.offset, request.offset + request.limit).map(summary), total: found.length, more: false };
    },
    getJob: (id) => {
      const job = jobOr404(id);
      return { job: summary(job), task_ids: job.task_ids };
    },
    jobUrls: (request) => {
      const job = jobOr404(request.job_id);
      const all = urlsOf(job).filter((u) => !request.state || u.state === request.state);
      // Copies, as real IPC would deliver: the UI must never see an object change under it.
      return { items: all.slice(request.offset, request.offset + request.limit).map((u) => ({ ...u })), total: all.length };
    },
    retryFailed: (id, withUncertain) => {
      const job = jobOr404(id);
      const resend = (state: string) => state === "failed" || (withUncertain && state === "uncertain");
      const failed = urlsOf(job)
        .filter((u) => resend(u.state))
        .map((u) => u.url.replace("missing", "found"));
      return summary(addJob(profileOr404(job.profile_id), job.action, failed, [], null, job.id));
    },
    resumeJob: (id) => {
      const job = jobOr404(id);
      // The keys are still wrong: the job stops again at its next request.
      if (stopWith !== "auth") stopWith = null;
      job.error = null;
      job.status = "running";
      job.outcome = "running";
      run(job);
      return summary(job);
    },
    exportJobCsv: (request) => jobOr404(request.job_id).total,
    pickUrlFiles: () => ["/home/editor/春季新品.xlsx"],
    pickCsvDestination: () => "/home/editor/cachedesk-export.csv",
    checkEdge: (id) => checkEdge(jobOr404(id)),
    checkEdgeUrl: (id, url) => checkEdgeUrl(jobOr404(id), url),
    edgeReport: (id) => edgeReport(jobOr404(id)),
    edgeSettings: (profileId) => {
      profileOr404(profileId);
      return edgeSettingsOf(profileId);
    },
    saveEdgeSettings: (profileId, settings) => {
      profileOr404(profileId);
      const origin = settings.origin?.trim() || null;
      if (origin && !/^https?:\/\/[^/]+/.test(origin)) throw fail("invalid_input", `'${origin}' is not an http:// or https:// address`);
      const bad = settings.resolve.find((r) => r.split(":").length < 3);
      if (bad) throw fail("invalid_input", `'${bad}' is not HOST:PORT:ADDRESS (e.g. www.example.com:443:203.0.113.7)`);
      const saved = { auto_check: settings.auto_check, origin, resolve: settings.resolve.map((r) => r.trim()).filter(Boolean) };
      edgeSettings.set(profileId, saved);
      return saved;
    },
    vendorHistory: (request) => vendorHistory(request),
    exportVendorHistoryCsv: (request) => exportVendorHistory(request),
    getQuota: (id) => {
      const q = quotaFor(profileOr404(id));
      return q && quotaByAction(q);
    },
    diagnosticsText: notInTheFake("diagnostics_text"),
    openLogFolder: notInTheFake("open_log_folder"),
    setDebugLogging: notInTheFake("set_debug_logging"),
    updateStatus: notInTheFake("update_status"),
    checkUpdate: notInTheFake("check_update"),
    installUpdate: notInTheFake("install_update"),
  } satisfies FakeCommands;

  /** The preferences store's plugin commands, which the generated `commands` do not list. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the plugin's arguments arrive untyped
  function store(cmd: string, args: any): { answer: unknown } | null {
    switch (cmd) {
      case "plugin:store|get_store":
        return { answer: 1 };
      case "plugin:store|get":
        return { answer: [prefs.get(args.key) ?? null, prefs.has(args.key)] };
      case "plugin:store|set":
        prefs.set(args.key, args.value);
        return { answer: null };
      case "plugin:store|save":
        return { answer: null };
      default:
        return null;
    }
  }

  /**
   * One IPC call: `snake_case` names the command of `commands.camelCase`, and its arguments
   * arrive as the object the generated function builds, in its parameters' order.
   */
  function handle(cmd: string, args: unknown): unknown {
    const plugin = store(cmd, args);
    if (plugin) return plugin.answer;
    const name = cmd.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    if (!(name in api)) throw fail("internal", `unknown command ${cmd}`);
    const command = api[name as keyof typeof api] as (...params: unknown[]) => unknown;
    return command(...Object.values(args ?? {}));
  }

  return { handle, profiles, jobs, prefs };
}

export function installFakeBackend(options: FakeOptions = window.__CACHEDESK_FAKE__ ?? {}) {
  const backend = createFakeBackend(options);
  mockWindows("main");
  mockIPC((cmd, args) => backend.handle(cmd, args), { shouldMockEvents: true });
  return backend;
}

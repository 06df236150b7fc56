// IPC contract between the web UI and the Tauri shell, in the shape tauri-specta generates.
// The shell will replace this file with the generated one; nothing else in the UI calls
// `invoke` or declares an IPC type. Field names are snake_case, as serde sends them.
// Commands with several inputs take ONE struct argument named `request`, so Tauri's
// camelCase renaming of command arguments never matters.

import { invoke as TAURI_INVOKE } from "@tauri-apps/api/core";
import * as TAURI_API_EVENT from "@tauri-apps/api/event";

/** user-facing commands */

export const commands = {
  async appInfo(): Promise<Result<AppInfo, ErrorBody>> {
    return call("app_info", {});
  },
  async listProfiles(): Promise<Result<Profile[], ErrorBody>> {
    return call("list_profiles", {});
  },
  /** Creates (id = null) or updates a profile; credentials, when given, go to the OS keyring. */
  async saveProfile(request: ProfileInput): Promise<Result<Profile, ErrorBody>> {
    return call("save_profile", { request });
  },
  async deleteProfile(id: string): Promise<Result<null, ErrorBody>> {
    return call("delete_profile", { id });
  },
  /** Signs one harmless request with the stored credentials. */
  async testProfile(id: string): Promise<Result<ConnectionCheck, ErrorBody>> {
    return call("test_profile", { id });
  },
  /** Starts the built-in simulator and creates one demo profile per vendor. */
  async startDemo(): Promise<Result<Profile[], ErrorBody>> {
    return call("start_demo", {});
  },
  async previewInput(request: InputRequest): Promise<Result<Preview, ErrorBody>> {
    return call("preview_input", { request });
  },
  async submitJob(request: SubmitRequest): Promise<Result<JobSummary, ErrorBody>> {
    return call("submit_job", { request });
  },
  async listJobs(request: ListJobsRequest): Promise<Result<JobPage, ErrorBody>> {
    return call("list_jobs", { request });
  },
  async getJob(id: string): Promise<Result<JobDetail, ErrorBody>> {
    return call("get_job", { id });
  },
  async jobUrls(request: JobUrlsRequest): Promise<Result<JobUrlPage, ErrorBody>> {
    return call("job_urls", { request });
  },
  /** Submits the failed URLs of a job again as a new job. */
  async retryFailed(id: string): Promise<Result<JobSummary, ErrorBody>> {
    return call("retry_failed", { id });
  },
  /** Writes one CSV line per URL; returns the number of rows written. */
  async exportJobCsv(request: ExportRequest): Promise<Result<number, ErrorBody>> {
    return call("export_job_csv", { request });
  },
  async vendorHistory(request: HistoryRequest): Promise<Result<HistoryPage, ErrorBody>> {
    return call("vendor_history", { request });
  },
  async getQuota(id: string): Promise<Result<Quota | null, ErrorBody>> {
    return call("get_quota", { id });
  },
};

/** user-facing events */

export const events = __makeEvents__<{
  jobProgress: JobProgress;
}>({
  jobProgress: "job-progress",
});

/** user-defined types */

export type Vendor = "baidu-cdn" | "baidu-geo" | "baishan";
export type Action = "purge-files" | "purge-directories" | "prefetch";
export type Kind = "purge" | "prefetch";
export type Target = "file" | "directory";
export type TaskStatus = "waiting" | "running" | "completed" | "failed" | "unknown";
export type ErrorCode =
  | "invalid_input"
  | "auth"
  | "clock_skew"
  | "quota_exceeded"
  | "rate_limited"
  | "vendor"
  | "network"
  | "partial"
  | "keyring"
  | "storage"
  | "not_found"
  | "internal";
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type ErrorBody = { code: ErrorCode; message: string; details: JsonValue };

export type AppInfo = {
  version: string;
  /** Folder holding the database and the preferences (read-only in the UI). */
  data_dir: string;
  /** The OS locale, e.g. "zh-CN" or "en-US"; null when unknown. */
  os_locale: string | null;
};

export type Profile = {
  id: string;
  name: string;
  vendor: Vendor;
  /** null = the vendor's default endpoint */
  endpoint: string | null;
  /** Baidu GEO site id; null for the other vendors */
  site: string | null;
  /** hostnames this profile covers, e.g. "www.example.com" or "*.example.com" */
  domains: string[];
  /** null = the vendor's per-request limit */
  batch_size: number | null;
  has_credentials: boolean;
  /** true for the profiles start_demo made (they talk to the simulator) */
  demo: boolean;
  created_at: string;
  updated_at: string;
};

export type Credentials =
  | { kind: "access_keys"; access_key: string; secret_key: string }
  | { kind: "token"; token: string };

export type ProfileInput = {
  /** null creates a new profile */
  id: string | null;
  name: string;
  vendor: Vendor;
  endpoint: string | null;
  site: string | null;
  domains: string[];
  batch_size: number | null;
  /** null keeps the stored credentials */
  credentials: Credentials | null;
};

export type ConnectionCheck = { checked_at: string; quota: Quota | null };

export type Quota = {
  url_remaining: number | null;
  url_quota: number | null;
  dir_remaining: number | null;
  dir_quota: number | null;
  prefetch_remaining: number | null;
};

/** Replaces input line `line` of `source` (a file path, or null for the pasted text). */
export type LineFix = { source: string | null; line: number; text: string };

export type InputRequest = {
  profile_id: string;
  action: Action;
  /** pasted text, one URL a line */
  text: string;
  /** .txt / .csv / .xlsx files, parsed by the backend */
  paths: string[];
  fixes: LineFix[];
};

export type SubmitRequest = InputRequest & {
  /** RFC 3339; only for prefetch on Baidu CDN, within 24 h */
  start_at: string | null;
};

export type RejectReason =
  | "not_a_url"
  | "unsupported_scheme"
  | "host_not_covered"
  | "directory_needs_slash"
  | "directory_not_allowed"
  | "too_long"
  | "file_unreadable";

export type RejectedLine = {
  /** file path, or null for the pasted text */
  source: string | null;
  /** 1-based line (for .xlsx: row) */
  line: number;
  text: string;
  reason_code: RejectReason;
  /** backend's explanation in the UI language */
  message: string;
  /** the corrected line when a one-click fix exists */
  fix: string | null;
};

export type QuotaKind = "url" | "dir" | "prefetch";
export type QuotaUse = {
  kind: QuotaKind;
  /** what is left today; null when the vendor does not report it */
  remaining: number | null;
  limit: number | null;
  /** what this job would use */
  needed: number;
};

export type Preview = {
  /** non-empty input lines read */
  lines: number;
  /** URLs that will be sent */
  valid: number;
  duplicates: number;
  rejected: RejectedLine[];
  /** first accepted URLs, normalised, for a glance */
  sample: string[];
  batches: number;
  quota: QuotaUse | null;
};

export type JobStatus = "scheduled" | "running" | "completed" | "partial" | "failed";
export type UrlState = "pending" | "sending" | "accepted" | "uncertain" | "completed" | "failed" | "rejected";
export type Counts = Record<UrlState, number>;

export type JobSummary = {
  id: string;
  profile_id: string;
  profile_name: string;
  vendor: Vendor;
  action: Action;
  status: JobStatus;
  created_at: string;
  start_at: string | null;
  finished_at: string | null;
  total: number;
  counts: Counts;
  /** the job this one retries, if any */
  retry_of: string | null;
};

export type JobDetail = { job: JobSummary; task_ids: string[] };

export type JobFilter = {
  /** matches a URL in the job, the profile name or a task id */
  query: string | null;
  profile_id: string | null;
  action: Action | null;
  status: JobStatus | null;
  /** RFC 3339 bounds on created_at */
  from: string | null;
  to: string | null;
};

export type ListJobsRequest = { filter: JobFilter; offset: number; limit: number };
export type JobPage = { items: JobSummary[]; total: number };

export type JobUrl = {
  url: string;
  state: UrlState;
  task_id: string | null;
  /** the vendor's or the validator's reason for failed / rejected / uncertain */
  reason: string | null;
  updated_at: string | null;
};

export type JobUrlsRequest = { job_id: string; state: UrlState | null; offset: number; limit: number };
export type JobUrlPage = { items: JobUrl[]; total: number };

export type ExportRequest = { job_id: string; path: string };

export type HistoryRequest = {
  profile_id: string;
  /** null = purge and prefetch */
  kind: Kind | null;
  from: string;
  to: string;
  url: string | null;
  /** opaque page token from the previous page */
  next: string | null;
};

export type UrlRecord = {
  task_id: string | null;
  record_id: string | null;
  url: string;
  kind: Kind;
  target: Target;
  status: TaskStatus;
  raw_status: string;
  progress: number | null;
  created_at: string | null;
  started_at: string | null;
  finished_at: string | null;
  reason: string | null;
};

export type HistoryPage = { items: UrlRecord[]; next: string | null };

export type JobProgress = { job_id: string; counts: Counts; total: number; finished: boolean };

/** tauri-specta globals */

export type Result<T, E> = { status: "ok"; data: T } | { status: "error"; error: E };

async function call<T>(cmd: string, args: Record<string, unknown>): Promise<Result<T, ErrorBody>> {
  try {
    return { status: "ok", data: await TAURI_INVOKE<T>(cmd, args) };
  } catch (e) {
    if (e instanceof Error) throw e;
    return { status: "error", error: e as ErrorBody };
  }
}

type __EventObj__<T> = {
  listen: (cb: TAURI_API_EVENT.EventCallback<T>) => ReturnType<typeof TAURI_API_EVENT.listen<T>>;
};

function __makeEvents__<T extends Record<string, unknown>>(mappings: Record<keyof T, string>) {
  return new Proxy({} as unknown as { [K in keyof T]: __EventObj__<T[K]> }, {
    get: (_, event) => {
      const name = mappings[event as keyof T];
      return { listen: (cb: TAURI_API_EVENT.EventCallback<unknown>) => TAURI_API_EVENT.listen(name, cb) };
    },
  });
}

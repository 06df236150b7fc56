// A stopped job: why, in the UI language, and the one action that fixes it.
import type { ErrorCode, JobError, JobSummary } from "./bindings";
import type { Language } from "./i18n";
import { jobTone, type Tone } from "./progress";

/** What the editor can do about a stop. */
export type StopFix = "keys" | "profile" | "account" | "quota" | "network" | "clock" | "wait";

export function stopFix(code: ErrorCode): StopFix {
  switch (code) {
    case "auth":
      return "keys";
    case "endpoint":
      return "profile";
    case "account":
      return "account";
    case "quota_exceeded":
      return "quota";
    case "network":
      return "network";
    case "clock_skew":
      return "clock";
    default:
      return "wait";
  }
}

/** The backend's own sentence about the stop, in the UI language. */
export function stopMessage(reason: JobError, lang: Language): string {
  return lang === "zh-CN" ? reason.message_zh_cn : reason.message_en;
}

/** A job that stopped for something a person must fix (keys, quota, network…). */
export function isStopped(job: JobSummary): job is JobSummary & { error: JobError } {
  return job.status === "stopped" && job.error !== null;
}

/**
 * When the daily quotas of the vendors here start again: they count China days (UTC+8), so the
 * next 00:00 in Beijing.
 */
export function quotaResetAt(now: Date = new Date()): Date {
  const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;
  const day = 24 * 60 * 60 * 1000;
  const chinaNow = now.getTime() + CHINA_OFFSET_MS;
  return new Date(Math.floor(chinaNow / day) * day + day - CHINA_OFFSET_MS);
}

/** The badge a job shows: a stopped job says "Stopped" (it can go on), not "Failed". */
export function jobBadge(job: JobSummary): { key: string; tone: Tone } {
  if (isStopped(job)) return { key: "job_status.stopped", tone: "warn" };
  return { key: `job_status.${job.outcome}`, tone: jobTone(job.outcome) };
}

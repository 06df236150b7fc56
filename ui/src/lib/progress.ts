// How a job's counts turn into a bar, a "done of total" line and a badge tone.
import type { Counts, JobOutcome, RecordStatus, UrlState } from "./bindings";
import type { Translate } from "./errors";

export const URL_STATES: UrlState[] = ["pending", "sending", "accepted", "uncertain", "completed", "failed", "rejected"];
export const JOB_OUTCOMES: JobOutcome[] = ["scheduled", "running", "completed", "partial", "failed"];

/**
 * The bar of the URLs that were sent: lines skipped before sending (rejected) are outside it
 * and outside the job's outcome. `finished` counts sent URLs that reached an end.
 */
export function progressParts(counts: Counts, total: number) {
  const sent = Math.max(0, total - counts.rejected);
  const pct = (n: number) => (sent > 0 ? (100 * n) / sent : 0);
  const ok = counts.completed;
  const bad = counts.failed;
  const moving = counts.accepted + counts.uncertain + counts.sending;
  return { sent, finished: ok + bad, okPct: pct(ok), badPct: pct(bad), movingPct: pct(moving) };
}

export type SummaryKey = "done" | "failed" | "uncertain" | "waiting" | "skipped";

/**
 * One summary shape everywhere ("64 done · 1 failed · 2 skipped"): done always, the others
 * only when there are some.
 */
export function summaryParts(counts: Counts): { key: SummaryKey; count: number }[] {
  const parts: { key: SummaryKey; count: number }[] = [
    { key: "done", count: counts.completed },
    { key: "failed", count: counts.failed },
    { key: "uncertain", count: counts.uncertain },
    { key: "waiting", count: counts.pending + counts.sending + counts.accepted },
    { key: "skipped", count: counts.rejected },
  ];
  return parts.filter((p) => p.key === "done" || p.count > 0);
}

/** The summary line in the UI language, e.g. "成功 64 · 失败 1 · 未提交 2". */
export function summaryText(counts: Counts, t: Translate, n: (x: number) => string): string {
  return summaryParts(counts)
    .map((p) => t(`summary.${p.key}`, { values: { count: n(p.count) } }))
    .join(" · ");
}

export type Tone = "ok" | "bad" | "busy" | "neutral" | "warn";

export function jobTone(outcome: JobOutcome): Tone {
  switch (outcome) {
    case "completed":
      return "ok";
    case "failed":
      return "bad";
    case "partial":
      return "warn";
    case "running":
      return "busy";
    case "scheduled":
      return "neutral";
  }
}

export function urlTone(state: UrlState): Tone {
  if (state === "completed") return "ok";
  if (state === "failed") return "bad";
  // Skipped before sending: not an outcome, so no alarm colour.
  if (state === "rejected") return "neutral";
  if (state === "uncertain") return "warn";
  if (state === "pending") return "neutral";
  return "busy";
}

export function taskTone(status: RecordStatus): Tone {
  if (status === "completed") return "ok";
  if (status === "failed") return "bad";
  if (status === "running") return "busy";
  return "neutral";
}

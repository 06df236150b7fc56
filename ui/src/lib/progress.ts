// How a job's counts turn into a bar, a "done of total" line and a badge tone.
import type { Counts, JobStatus, TaskStatus, UrlState } from "./bindings";

export const FINISHED_STATES: UrlState[] = ["completed", "failed", "rejected"];
export const URL_STATES: UrlState[] = ["pending", "sending", "accepted", "uncertain", "completed", "failed", "rejected"];
export const JOB_STATUSES: JobStatus[] = ["scheduled", "running", "completed", "partial", "failed"];

export function progressParts(counts: Counts, total: number) {
  const pct = (n: number) => (total > 0 ? (100 * n) / total : 0);
  const ok = counts.completed;
  const bad = counts.failed + counts.rejected;
  const moving = counts.accepted + counts.uncertain + counts.sending;
  return { finished: ok + bad, okPct: pct(ok), badPct: pct(bad), movingPct: pct(moving) };
}

export type Tone = "ok" | "bad" | "busy" | "neutral" | "warn";

export function jobTone(status: JobStatus): Tone {
  switch (status) {
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
  if (state === "failed" || state === "rejected") return "bad";
  if (state === "uncertain") return "warn";
  if (state === "pending") return "neutral";
  return "busy";
}

export function taskTone(status: TaskStatus): Tone {
  if (status === "completed") return "ok";
  if (status === "failed") return "bad";
  if (status === "running") return "busy";
  return "neutral";
}

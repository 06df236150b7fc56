// The vendor history screen's counting, apart from the screen so it can be tested alone.
import type { RecordStatus, UrlRecord } from "./bindings";

export const TASK_STATUSES: RecordStatus[] = ["waiting", "running", "completed", "failed", "unknown"];

/** Records read without asking before "Load more" is offered (Baidu pages 100, Baishan 500). */
export const HISTORY_AUTO_LIMIT = 2000;

export function statusCounts(records: UrlRecord[]): Record<RecordStatus, number> {
  const counts: Record<RecordStatus, number> = { waiting: 0, running: 0, completed: 0, failed: 0, unknown: 0 };
  for (const r of records) counts[r.status]++;
  return counts;
}

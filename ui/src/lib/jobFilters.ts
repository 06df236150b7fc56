// The Jobs screen's filter controls and the JobFilter they send.
import type { Action, JobFilter, JobOutcome } from "./bindings";
import { endOfLocalDay, localInputToIso } from "./format";

export type FilterForm = {
  query: string;
  profile_id: string;
  action: Action | "";
  /** "stopped": jobs waiting for a person to fix something (a kind of "failed") */
  status: JobOutcome | "stopped" | "";
  /** `date` input values (local days) */
  from: string;
  to: string;
};

export const EMPTY_FILTERS: FilterForm = { query: "", profile_id: "", action: "", status: "", from: "", to: "" };

export function toJobFilter(f: FilterForm): JobFilter {
  return {
    query: f.query.trim() || null,
    profile_id: f.profile_id || null,
    action: f.action || null,
    outcome: f.status === "stopped" ? null : f.status || null,
    stopped: f.status === "stopped",
    from: localInputToIso(f.from),
    to: endOfLocalDay(f.to),
  };
}

export function isFiltered(f: FilterForm): boolean {
  return Object.values(toJobFilter(f)).some((v) => v !== null && v !== false);
}

// The rules of the Submit screen, kept apart from the markup so they are tested directly.
import type { Action, LineFix, Preview, Profile, QuotaUse, RejectedLine } from "./bindings";
import { readableUrl } from "./format";

/** Jobs above this many URLs ask for a confirmation. */
export const LARGE_JOB = 1000;
export const SCHEDULE_WINDOW_MS = 24 * 60 * 60 * 1000;

export type ConfirmReason = "directories" | "large";

/** Why this submission needs a second look, if it does (directory purges always do). */
export function confirmReasons(action: Action, valid: number): ConfirmReason[] {
  const reasons: ConfirmReason[] = [];
  if (action === "purge-directories") reasons.push("directories");
  if (valid > LARGE_JOB) reasons.push("large");
  return reasons;
}

/** A scheduled start must lie in the future and within 24 hours. */
export function scheduleIsValid(startAt: Date | null, now: Date): boolean {
  if (!startAt || Number.isNaN(startAt.getTime())) return false;
  const ahead = startAt.getTime() - now.getTime();
  return ahead > 0 && ahead <= SCHEDULE_WINDOW_MS;
}

export type QuotaLine = {
  key: "submit.quota" | "submit.quota_no_limit" | "submit.quota_unknown";
  values: { remaining?: number; limit?: number };
  /** what the job uses; 0 before there is input */
  needed: number;
  over: boolean;
};

export function quotaLine(q: QuotaUse): QuotaLine {
  const needed = q.needed;
  if (q.remaining === null) return { key: "submit.quota_unknown", values: {}, needed, over: false };
  const over = needed > q.remaining;
  if (q.limit === null) return { key: "submit.quota_no_limit", values: { remaining: q.remaining }, needed, over };
  return { key: "submit.quota", values: { remaining: q.remaining, limit: q.limit }, needed, over };
}

export function canSubmit(preview: Preview | null, busy: boolean): boolean {
  return !busy && preview !== null && preview.valid > 0;
}

/** Replaces 1-based line `line` of `text`; other lines and line endings stay as they were. */
export function replaceLine(text: string, line: number, replacement: string): string {
  const lines = text.split("\n");
  if (line < 1 || line > lines.length) return text;
  const old = lines[line - 1];
  lines[line - 1] = old.endsWith("\r") ? `${replacement}\r` : replacement;
  return lines.join("\n");
}

export type Input = { text: string; fixes: LineFix[] };

/**
 * Applies one-click fixes: pasted lines are corrected in the text itself (the editor sees the
 * change); lines from files, which the UI cannot edit, become `LineFix` entries for the backend.
 */
export function applyFixes(input: Input, rejected: RejectedLine[]): Input {
  let { text } = input;
  const fixes = [...input.fixes];
  for (const r of rejected) {
    if (r.fix === null) continue;
    if (r.source === null) {
      // The backend's fix is the normalised URL; the editor reads it decoded, as typed.
      text = replaceLine(text, r.line, readableUrl(r.fix));
    } else {
      const i = fixes.findIndex((f) => f.source === r.source && f.line === r.line);
      const fix = { source: r.source, line: r.line, text: r.fix };
      if (i >= 0) fixes[i] = fix;
      else fixes.push(fix);
    }
  }
  return { text, fixes };
}

/**
 * Takes a line out: a pasted one from the text, a file's one by an empty fix (the backend then
 * reads it as a blank line).
 */
export function removeLine(input: Input, r: RejectedLine): Input {
  if (r.source !== null) return applyFixes(input, [{ ...r, fix: "" }]);
  const lines = input.text.split("\n");
  if (r.line < 1 || r.line > lines.length) return input;
  lines.splice(r.line - 1, 1);
  return { ...input, text: lines.join("\n") };
}

/**
 * Another profile that covers the host of a line refused as not covered, by the intake's rule:
 * a name covers itself, `*.name` the hosts below it.
 */
export function coveringProfile(r: RejectedLine, profiles: Profile[], current: string): Profile | null {
  if (r.reason_code !== "host_not_covered") return null;
  let host: string;
  try {
    host = new URL(r.text.trim()).hostname.toLowerCase().replace(/\.$/, "");
  } catch {
    return null;
  }
  const covers = (d: string) => {
    const name = d.trim().toLowerCase().replace(/\.$/, "");
    return name.startsWith("*.") ? host.endsWith(name.slice(1)) : host === name;
  };
  return profiles.find((p) => p.id !== current && p.domains.some(covers)) ?? null;
}

/**
 * Where a second URL starts inside a line ("…/a.htmlhttps://…" or "…/a.html https://…"); not
 * a URL given as a query value ("?url=https://…").
 */
const NEXT_URL = /(?<=[^\s=])\s*(?=https?[:：]\/\/)/gi;
/** A line with `NEXT_URL` in it, found in the whole text at once. */
const JOINED_ANYWHERE = /[^\s=][^\S\n]*https?[:：]\/\//i;

/** Lines of the paste box, counted without splitting the text. */
export function countLines(text: string): number {
  let lines = 1;
  for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) lines++;
  return lines;
}

/**
 * Lines that hold more than one URL (pasted without line breaks), and the text with each of
 * them split into one URL per line. The engine would take such a line as one odd URL.
 */
export function splitJoinedUrls(text: string): { lines: number; text: string } {
  // One scan first: a million-line paste is not split line by line on every keystroke.
  if (!JOINED_ANYWHERE.test(text)) return { lines: 0, text };
  let lines = 0;
  const out = text.split("\n").map((line) => {
    const parts = line.split(NEXT_URL).map((p) => p.trim());
    if (parts.length < 2) return line;
    lines++;
    return parts.join("\n");
  });
  return { lines, text: out.join("\n") };
}

/** The dictionary key naming what a line's one-click fix does. */
export function fixLabel(r: RejectedLine): string {
  if (r.fix === null) return "submit.no_fix";
  if (r.reason_code === "fullwidth_colon") return "submit.fix_colon";
  if (r.fix === `${r.text.trim()}/`) return "submit.fix_slash";
  if (/^https?:\/\//i.test(r.fix) && !/^https?:\/\//i.test(r.text.trim())) return "submit.fix_scheme";
  return "submit.fix";
}

export function fixable(rejected: RejectedLine[]): RejectedLine[] {
  return rejected.filter((r) => r.fix !== null);
}

/** Adds pasted text to what is already there, on its own line. */
export function appendPasted(text: string, pasted: string): string {
  const clean = pasted.replace(/\r\n?/g, "\n").trimEnd();
  if (!clean) return text;
  if (!text) return clean;
  return text.endsWith("\n") ? text + clean : `${text}\n${clean}`;
}

export function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

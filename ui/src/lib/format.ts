// Dates and numbers in the UI language.
import type { Language } from "./i18n";

export function formatNumber(n: number, lang: Language): string {
  return new Intl.NumberFormat(lang).format(n);
}

/** `short` suits table cells ("2026/11/22 09:14"), `medium` headings ("2026年11月22日 09:14"). */
export function formatTime(iso: string | null, lang: Language, style: "short" | "medium" = "medium"): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang, { dateStyle: style, timeStyle: "short" }).format(d);
}

/**
 * A URL as a person reads it: percent-encoded Chinese paths and spaces decoded
 * (`/%E6%B4%BB%E5%8A%A8/` → `/活动/`). The encoded form stays for the wire and for exports.
 */
export function readableUrl(url: string): string {
  try {
    return decodeURI(url);
  } catch {
    return url;
  }
}

/** `<input type="datetime-local">` value (local time, minutes) for a Date. */
export function toLocalInput(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** RFC 3339 (UTC) for a `datetime-local` or `date` value, or null when empty/invalid. */
export function localInputToIso(value: string): string | null {
  if (!value) return null;
  const d = new Date(value.length === 10 ? `${value}T00:00` : value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/**
 * RFC 3339 for the end of a local `YYYY-MM-DD HH:mm` minute, so "to 10:56" includes what was
 * sent at 10:56:30; never later than `now` (no vendor document says it takes an end in the
 * future). The history screen's default end is the minute it opened in: without this, a task
 * sent in that minute was left out.
 */
export function endOfLocalMinute(value: string, now: Date = new Date()): string | null {
  const start = localInputToIso(value);
  if (start === null) return null;
  const end = Math.min(Date.parse(start) + 59_999, now.getTime());
  return new Date(Math.max(end, Date.parse(start))).toISOString();
}

/** RFC 3339 for the end of a `date` input's day (local), so "to 2026-11-22" includes that day. */
export function endOfLocalDay(value: string): string | null {
  if (!value) return null;
  const d = new Date(`${value}T23:59:59.999`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

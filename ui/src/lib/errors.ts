// Turns any failure into a localised title and hint per error code.
import type { ErrorCode } from "./bindings";
import { AppError } from "./api";

export type Translate = (key: string, options?: { values?: Record<string, string | number> }) => string;

export type ErrorText = { code: ErrorCode; title: string; hint: string; detail: string | null };

function retryAfter(details: unknown): number | null {
  if (details && typeof details === "object" && "retry_after_secs" in details) {
    const secs = (details as { retry_after_secs: unknown }).retry_after_secs;
    if (typeof secs === "number" && Number.isFinite(secs)) return secs;
  }
  return null;
}

export function toAppError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  return new AppError({ code: "internal", message: e instanceof Error ? e.message : String(e), details: null });
}

export function describeError(e: unknown, t: Translate): ErrorText {
  const err = toAppError(e);
  const secs = err.code === "rate_limited" ? retryAfter(err.details) : null;
  const key = secs === null ? `errors.${err.code}` : "errors.rate_limited_after";
  const values = { message: err.message, secs: secs ?? 0 };
  const hint = t(`${key}.hint`, { values });
  // The backend's own sentence is kept as a detail unless the hint already is that sentence.
  const detail = err.message && !hint.includes(err.message) ? err.message : null;
  return { code: err.code, title: t(`${key}.title`, { values }), hint, detail };
}

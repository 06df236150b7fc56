// Dates typed as text, YYYY-MM-DD (and HH:mm), the same in every UI language: the browser's own
// date inputs follow the system's locale instead (11/24/2026, 09:29 PM in a Chinese window).
// Values are those of `<input type="date">` / `"datetime-local"`, so callers need not know.

const PATTERN = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]+(\d{1,2}):(\d{2}))?\s*$/;

/** The input's value ("2026-11-24" or "2026-11-24T09:29") for typed text, or null if it is none. */
export function parseDateText(text: string, withTime: boolean): string | null {
  const m = PATTERN.exec(text);
  if (!m || (withTime && m[4] === undefined)) return null;
  const [y, mo, d, h = "0", mi = "0"] = m.slice(1).map((x) => x ?? undefined) as string[];
  const date = new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi));
  if (date.getMonth() !== Number(mo) - 1 || date.getDate() !== Number(d) || Number(h) > 23) return null;
  const pad = (n: string) => n.padStart(2, "0");
  const day = `${y}-${pad(mo)}-${pad(d)}`;
  return withTime ? `${day}T${pad(h)}:${pad(mi)}` : day;
}

/** How a value is shown: the `T` of datetime-local becomes a space. */
export function showDateText(value: string): string {
  return value.replace("T", " ");
}

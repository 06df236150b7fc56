// App preferences, kept by tauri-plugin-store in `settings.json` in the app data folder.
// The shell reads `poll_interval_secs` and `log_debug` from the same store.
import { getStore, type Store } from "@tauri-apps/plugin-store";
import type { Action } from "./bindings";
import type { Language } from "./i18n";

export type Theme = "system" | "light" | "dark";

export type Prefs = {
  /** null until the person picks one (first run); the OS locale decides meanwhile */
  language: Language | null;
  theme: Theme;
  poll_interval_secs: number;
  last_profile_id: string | null;
  last_action: Action;
  onboarded: boolean;
  /** debug lines in the log file (Settings → help); the shell reads it at start */
  log_debug: boolean;
};

export const DEFAULT_PREFS: Prefs = {
  language: null,
  theme: "system",
  poll_interval_secs: 10,
  last_profile_id: null,
  last_action: "purge-files",
  onboarded: false,
  log_debug: false,
};

export const POLL_RANGE = { min: 2, max: 300 } as const;

export const STORE_FILE = "settings.json";

let store: Store | null = null;

export async function loadPrefs(): Promise<Prefs> {
  // The backend opened this one store at start; the window may not load any other file.
  store = (await getStore(STORE_FILE)) ?? null;
  const prefs = { ...DEFAULT_PREFS };
  if (!store) return prefs;
  for (const key of Object.keys(DEFAULT_PREFS) as (keyof Prefs)[]) {
    const value = await store.get(key);
    if (value !== undefined && value !== null) Object.assign(prefs, { [key]: value });
  }
  return prefs;
}

export async function savePref<K extends keyof Prefs>(key: K, value: Prefs[K]): Promise<void> {
  await store?.set(key, value);
}

export function clampPollInterval(secs: number): number {
  if (!Number.isFinite(secs)) return DEFAULT_PREFS.poll_interval_secs;
  return Math.min(POLL_RANGE.max, Math.max(POLL_RANGE.min, Math.round(secs)));
}

// Start-up: preferences, language, theme, profiles, and which screen to open.
import { api } from "./api";
import { app } from "./app.svelte";
import { languageFor, setupI18n } from "./i18n";
import { DEFAULT_PREFS, loadPrefs } from "./prefs";

export async function boot(): Promise<void> {
  app.prefs = await loadPrefs().catch(() => ({ ...DEFAULT_PREFS }));
  app.info = await api.appInfo().catch(() => null);
  setupI18n(app.prefs.language ?? languageFor(app.info?.os_locale ?? navigator.language));
  const loaded = await app.reloadProfiles();
  // The shell starts demo mode by itself on an empty database: a first start may already
  // list demo profiles, and still asks for the language and demo or a real profile.
  const fresh = loaded && !app.prefs.onboarded && app.profiles.every((p) => p.demo);
  app.screen = fresh ? { name: "first-run" } : { name: "submit" };
}

// Start-up: preferences, language, theme, profiles, and which screen to open.
import { api } from "./api";
import { app } from "./app.svelte";
import { applyLanguage, languageFor, setupI18n } from "./i18n";
import { DEFAULT_PREFS, loadPrefs } from "./prefs";

/**
 * `show` runs as soon as the language is known, before the shell answers: it opens its data
 * after the window appears (commands wait for it), and until then the window says it is starting.
 */
export async function boot(show: () => void = () => {}): Promise<void> {
  app.prefs = await loadPrefs().catch(() => ({ ...DEFAULT_PREFS }));
  setupI18n(app.prefs.language ?? languageFor(navigator.language));
  show();
  app.info = await api.appInfo().catch(() => null);
  if (!app.prefs.language && app.info?.os_locale) applyLanguage(languageFor(app.info.os_locale));
  const loaded = await app.reloadProfiles();
  // The shell starts demo mode by itself on an empty database: a first start may already
  // list demo profiles, and still asks for the language and demo or a real profile.
  const fresh = loaded && !app.prefs.onboarded && app.profiles.every((p) => p.demo);
  app.screen = fresh ? { name: "first-run" } : { name: "submit" };
}

import { afterEach, beforeEach } from "vitest";
import { clearMocks } from "@tauri-apps/api/mocks";
import { setupI18n } from "../../src/lib/i18n";
import { app } from "../../src/lib/app.svelte";
import { DEFAULT_PREFS } from "../../src/lib/prefs";

beforeEach(() => {
  setupI18n("en");
  app.prefs = { ...DEFAULT_PREFS, onboarded: true };
  app.profiles = [];
  app.notices = [];
});

afterEach(() => {
  clearMocks();
});

import { afterEach, beforeEach } from "vitest";
import { cleanup, configure } from "@testing-library/svelte";
import { clearMocks } from "@tauri-apps/api/mocks";
import { setupI18n } from "../../src/lib/i18n";
import { app } from "../../src/lib/app.svelte";
import { DEFAULT_PREFS } from "../../src/lib/prefs";

// The fake backend asks the real Rust intake over loopback (global-setup.mjs): on a busy
// machine an answer can take longer than testing-library's default second.
configure({ asyncUtilTimeout: 5_000 });

// happy-dom does no layout: give the virtual lists' scroll boxes a window-sized viewport so
// the virtualiser has rows to show, as it would in a real webview.
Object.defineProperty(HTMLElement.prototype, "offsetHeight", {
  configurable: true,
  get(this: HTMLElement) {
    return this.classList.contains("scroller") ? 600 : 0;
  },
});
Object.defineProperty(HTMLElement.prototype, "offsetWidth", {
  configurable: true,
  get(this: HTMLElement) {
    return this.classList.contains("scroller") ? 1000 : 0;
  },
});

beforeEach(() => {
  setupI18n("en");
  app.prefs = { ...DEFAULT_PREFS, onboarded: true };
  app.profiles = [];
  app.notices = [];
  app.screen = { name: "submit" };
  app.clearDraft();
  app.dropHover = false;
});

afterEach(async () => {
  // Unmount first and let the unlisten calls settle while the IPC mock still exists.
  cleanup();
  await new Promise((resolve) => setTimeout(resolve, 0));
  clearMocks();
});

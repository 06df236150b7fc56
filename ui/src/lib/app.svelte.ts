// Shared app state: where we are, the profiles, the preferences, the notices.
import type { Action, AppInfo, LineFix, Profile } from "./bindings";
import { api } from "./api";
import { DEFAULT_PREFS, savePref, type Prefs } from "./prefs";
import { applyLanguage, type Language } from "./i18n";

export type Screen =
  /** while the shell opens the data, which the window does not wait for */
  | { name: "starting" }
  | { name: "first-run" }
  | { name: "submit" }
  | { name: "jobs" }
  | { name: "job"; id: string }
  | { name: "history" }
  | { name: "profiles"; editing?: string | "new"; returnTo?: string }
  | { name: "settings" };

/** What the editor is preparing on Submit; kept while they look at other screens. */
export type Draft = { text: string; paths: string[]; fixes: LineFix[] };

export type Notice = {
  id: number;
  kind: "ok" | "error";
  text: string;
  action?: { label: string; run: () => void };
};

class AppState {
  screen = $state<Screen>({ name: "starting" });
  profiles = $state<Profile[]>([]);
  prefs = $state<Prefs>({ ...DEFAULT_PREFS });
  info = $state<AppInfo | null>(null);
  notices = $state<Notice[]>([]);
  draft = $state<Draft>({ text: "", paths: [], fixes: [] });
  /** files are being dragged over the window */
  dropHover = $state(false);
  /** why the profiles could not be read (e.g. the database), shown above every screen */
  loadError = $state<unknown>(null);
  private nextNotice = 1;

  go(screen: Screen): void {
    this.screen = screen;
  }

  /** Files dropped or picked: added to the draft (once each), and Submit opens to show them. */
  addFiles(paths: string[]): void {
    this.draft.paths = [...new Set([...this.draft.paths, ...paths])];
    if (paths.length > 0 && this.screen.name !== "first-run" && this.screen.name !== "starting") this.go({ name: "submit" });
  }

  /** Drops files from the draft, with any fixes made to their lines. */
  setFiles(paths: string[]): void {
    this.draft.paths = paths;
    this.draft.fixes = this.draft.fixes.filter((f) => f.source === null || paths.includes(f.source));
  }

  clearDraft(): void {
    this.draft = { text: "", paths: [], fixes: [] };
  }

  async refreshProfiles(): Promise<Profile[]> {
    this.profiles = await api.listProfiles();
    return this.profiles;
  }

  /** Reads the profiles, keeping a failure in `loadError` instead of throwing. */
  async reloadProfiles(): Promise<boolean> {
    try {
      await this.refreshProfiles();
      this.loadError = null;
      return true;
    } catch (e) {
      this.loadError = e;
      return false;
    }
  }

  async setPref<K extends keyof Prefs>(key: K, value: Prefs[K]): Promise<void> {
    this.prefs[key] = value;
    await savePref(key, value);
  }

  async setLanguage(lang: Language): Promise<void> {
    applyLanguage(lang);
    await this.setPref("language", lang);
    // The demo's own profile names follow the language (names the person gave them stay).
    if (this.demo) this.profiles = mergeProfiles(this.profiles, await api.nameDemoProfiles(lang));
  }

  /** Deletes every demo profile (their jobs stay in the history). */
  async leaveDemo(): Promise<void> {
    for (const p of this.profiles.filter((x) => x.demo)) await api.deleteProfile(p.id);
    await this.refreshProfiles();
    if (this.profile(this.prefs.last_profile_id) === undefined) {
      await this.setPref("last_profile_id", this.profiles[0]?.id ?? null);
    }
  }

  rememberChoice(profileId: string, action: Action): void {
    if (this.prefs.last_profile_id !== profileId) void this.setPref("last_profile_id", profileId);
    if (this.prefs.last_action !== action) void this.setPref("last_action", action);
  }

  notify(kind: Notice["kind"], text: string, action?: Notice["action"]): void {
    const notice = { id: this.nextNotice++, kind, text, action };
    this.notices = [...this.notices, notice].slice(-3);
    // An error stays until it is closed: the editor may be reading something else.
    if (kind !== "error") setTimeout(() => this.dismiss(notice.id), 6_000);
  }

  dismiss(id: number): void {
    this.notices = this.notices.filter((n) => n.id !== id);
  }

  profile(id: string | null): Profile | undefined {
    return this.profiles.find((p) => p.id === id);
  }

  get demo(): boolean {
    return this.profiles.some((p) => p.demo);
  }
}

/** `all` with the profiles of `changed` put in place of those with the same id. */
function mergeProfiles(all: Profile[], changed: Profile[]): Profile[] {
  return all.map((p) => changed.find((c) => c.id === p.id) ?? p);
}

export const app = new AppState();

import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import Settings from "../../src/screens/Settings.svelte";
import FirstRun from "../../src/screens/FirstRun.svelte";
import App from "../../src/App.svelte";
import { app } from "../../src/lib/app.svelte";
import { boot } from "../../src/lib/boot";
import { loadPrefs } from "../../src/lib/prefs";
import { installFake } from "./fake";

describe("Settings", () => {
  it("switches the language at once and remembers it", async () => {
    const { backend } = await installFake();
    await loadPrefs();
    render(Settings);
    await fireEvent.click(screen.getByRole("radio", { name: "简体中文" }));
    expect(await screen.findByRole("heading", { name: "设置" })).toBeTruthy();
    expect(screen.getByText("检查进行中任务的间隔")).toBeTruthy();
    await waitFor(() => expect(backend.prefs.get("language")).toBe("zh-CN"));
  });

  it("applies the theme and keeps the polling interval in range", async () => {
    const { backend } = await installFake();
    await loadPrefs();
    render(App);
    app.go({ name: "settings" });
    await fireEvent.click(await screen.findByRole("radio", { name: "Dark" }));
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe("dark"));
    const poll = screen.getByLabelText("Check running jobs every");
    await fireEvent.input(poll, { target: { value: "1000" } });
    await fireEvent.change(poll);
    await waitFor(() => expect(backend.prefs.get("poll_interval_secs")).toBe(300));
    expect(backend.prefs.get("theme")).toBe("dark");
  });
});

describe("First run", () => {
  it("opens in Chinese on a Chinese system and starts the demo", async () => {
    const { called, backend } = await installFake({ locale: "zh-CN" });
    await boot();
    expect(app.screen).toEqual({ name: "first-run" });
    render(FirstRun);
    await fireEvent.click(screen.getByRole("button", { name: /先体验演示/ }));
    await waitFor(() => expect(app.screen).toEqual({ name: "submit" }));
    expect(called("start_demo")).toHaveLength(1);
    expect(app.profiles).toHaveLength(3);
    expect(backend.prefs.get("onboarded")).toBe(true);
    expect(backend.prefs.get("language")).toBe("zh-CN");
  });

  it("goes to the profile form for a real account", async () => {
    await installFake({ locale: "en-US" });
    await boot();
    render(FirstRun);
    await fireEvent.click(screen.getByRole("button", { name: /Add my site profile/ }));
    await waitFor(() => expect(app.screen).toEqual({ name: "profiles", editing: "new" }));
  });

  it("reports an unreadable database instead of offering a fresh start", async () => {
    await installFake({}, { list_profiles: { code: "storage", message: "disk I/O error", details: null } });
    await boot();
    expect(app.screen).toEqual({ name: "submit" });
    render(App);
    expect(screen.getByRole("alert").textContent).toContain("CacheDesk could not use its local database.");
    expect(screen.getByRole("alert").textContent).toContain("disk I/O error");
  });

  it("is skipped once the person has started", async () => {
    await installFake({ demo: true, prefs: { onboarded: true, language: "en" } });
    await boot();
    expect(app.screen).toEqual({ name: "submit" });
  });
});

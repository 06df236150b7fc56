import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { mockIPC, mockWindows } from "@tauri-apps/api/mocks";
import UpdatePanel from "../../src/components/UpdatePanel.svelte";
import DiagnosticsPanel from "../../src/components/DiagnosticsPanel.svelte";
import type { UpdateOffer } from "../../src/lib/bindings";

function backend(replies: Record<string, unknown>): string[] {
  const calls: string[] = [];
  mockWindows("main");
  mockIPC((cmd) => {
    calls.push(cmd);
    if (cmd in replies) return replies[cmd];
    if (cmd.startsWith("plugin:store")) return null;
    throw { code: "internal", message: `unknown command ${cmd}`, details: null };
  });
  return calls;
}

const offer = (way: UpdateOffer["way"]): UpdateOffer => ({
  version: "9.9.9",
  current_version: "0.1.0",
  notes: "Purges twice as fast.",
  date: null,
  way,
});

describe("Updates", () => {
  it("shows the offer found at start with its notes, and installs when asked", async () => {
    const calls = backend({ update_status: offer({ kind: "in_app" }), install_update: null });
    render(UpdatePanel);
    expect(await screen.findByText("Version 9.9.9 is available.")).toBeTruthy();
    expect(screen.getByText("Purges twice as fast.")).toBeTruthy();
    expect(calls).not.toContain("install_update");
    await fireEvent.click(screen.getByRole("button", { name: "Install and restart" }));
    await waitFor(() => expect(calls).toContain("install_update"));
  });

  it("tells a .deb install where the new package is, and says when there is none", async () => {
    backend({
      update_status: null,
      check_update: offer({ kind: "package", format: "deb", page: "https://example.com/releases/latest" }),
    });
    render(UpdatePanel);
    await fireEvent.click(screen.getByRole("button", { name: "Check for updates" }));
    expect(await screen.findByText(/installed from a \.deb package.*https:\/\/example\.com\/releases\/latest/)).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Install and restart" })).toBeNull();
  });
});

describe("Diagnostics", () => {
  it("copies the diagnostics and shows them", async () => {
    const calls = backend({ diagnostics_text: "cachedesk-app 0.1.0\nOS: Debian 12\n" });
    render(DiagnosticsPanel);
    await fireEvent.click(screen.getByRole("button", { name: "Copy diagnostics" }));
    await waitFor(() => expect(calls).toContain("diagnostics_text"));
    expect(((await screen.findByRole("textbox")) as HTMLTextAreaElement).value).toContain("OS: Debian 12");
    await fireEvent.click(screen.getByRole("button", { name: "Open log folder" }));
    await waitFor(() => expect(calls).toContain("open_log_folder"));
  });
});

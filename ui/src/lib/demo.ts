// Leaving demo mode, and saying how it went.
import { get } from "svelte/store";
import { _ } from "svelte-i18n";
import { app } from "./app.svelte";
import { describeError } from "./errors";

/** Deletes the demo profiles (their jobs stay); with no profile left, opens a new one. */
export async function leaveDemo(): Promise<void> {
  const t = get(_);
  try {
    await app.leaveDemo();
    app.notify("ok", t("demo.left"));
    if (app.profiles.length === 0) app.go({ name: "profiles", editing: "new" });
  } catch (e) {
    app.notify("error", describeError(e, t).title);
  }
}

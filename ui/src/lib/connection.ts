// "Test connection": one harmless signed request with the saved keys, and what to say about it.
import { get } from "svelte/store";
import { _ } from "svelte-i18n";
import { api } from "./api";
import { app } from "./app.svelte";
import { describeError } from "./errors";

export type Check = { state: "testing" } | { state: "ok"; text: string } | { state: "error"; error: unknown };

/** Asks the vendor with the profile's saved keys; says what is left today when it reports it. */
export async function testConnection(id: string): Promise<Check> {
  const t = get(_);
  try {
    const q = (await api.testProfile(id)).quota;
    const text =
      q && q.url_remaining !== null && q.url_quota !== null
        ? t("profiles.test_ok_quota", { values: { remaining: q.url_remaining, limit: q.url_quota } })
        : t("profiles.test_ok");
    return { state: "ok", text };
  } catch (error) {
    return { state: "error", error };
  }
}

/** The same, answered in a notice (for the "Test connection" offered after saving). */
export async function testAndNotify(id: string): Promise<void> {
  const check = await testConnection(id);
  if (check.state === "ok") app.notify("ok", check.text);
  else if (check.state === "error") app.notify("error", describeError(check.error, get(_)).title);
}

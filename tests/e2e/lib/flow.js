// The editor's path through the app, shared by the scenarios.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { $, By, closeApp, fill, invoke, nav, NAV, openApp, OUT, progressEvents, recordProgress, screenshot, text, waitFor } from "./app.js";

export const GOOD = 250;

/** 250 good URLs on `host`, a duplicate, a blank line and three lines intake must refuse. */
export function urlList(host) {
  const urls = Array.from({ length: GOOD }, (_, i) => `https://${host}/e2e/page-${i + 1}.html`);
  const bad = ["this is not a web address", "ftp://" + host + "/file.txt", "https://elsewhere.invalid-host.org/x.html"];
  return { text: [...urls.slice(0, 100), "", bad[0], urls[0], ...urls.slice(100, 200), bad[1], bad[2], ...urls.slice(200)].join("\n"), bad: bad.length, duplicates: 1 };
}

export async function profiles(driver) {
  return invoke(driver, "list_profiles");
}

/** First run: pick demo mode and land on the submit screen. */
export async function startDemo(driver) {
  const choices = await driver.wait(async () => {
    const found = await driver.findElements(By.css("button.choice"));
    return found.length === 2 ? found : null;
  }, 15_000);
  await screenshot(driver, "00-first-run");
  await choices[1].click();
  await $(driver, "textarea#paste", 30_000);
  const demo = (await profiles(driver)).filter((p) => p.demo);
  assert.deepEqual(demo.map((p) => p.vendor).sort(), ["baidu-cdn", "baidu-geo", "baishan"]);
}

/** Pastes the list for `profileId`, checks the preview, sends it and waits for the end. */
export async function submitAndFinish(driver, name, profileId, list) {
  await nav(driver, NAV.submit);
  await driver.executeScript(
    `const [el, value] = arguments; el.value = value; el.dispatchEvent(new Event("change", { bubbles: true }));`,
    await $(driver, "select#profile"),
    profileId,
  );
  await $(driver, 'input[name="action"][value="purge-files"]').then((r) => r.click());
  await fill(driver, "textarea#paste", list.text);
  await waitFor(driver, "the preview", async () => (await driver.findElements(By.css('[data-testid="count-valid"]'))).length > 0 && (await text(driver, '[data-testid="count-valid"]')) === String(GOOD), 20_000);
  assert.equal(await text(driver, '[data-testid="count-duplicates"]'), String(list.duplicates));
  assert.equal(await text(driver, '[data-testid="count-rejected"]'), String(list.bad));
  await screenshot(driver, `${name}-1-preview`);

  await recordProgress(driver);
  // The button may sit below the fold, under the notices' strip: bring it into view first.
  await driver.executeScript("arguments[0].scrollIntoView({ block: 'center' }); arguments[0].click();", await $(driver, "button.send"));
  await $(driver, '[data-testid="job-progress"]', 20_000);
  const [job] = (await invoke(driver, "list_jobs", { request: { filter: noFilter(), offset: 0, limit: 1 } })).items;
  assert.equal(job.profile_id, profileId);
  // The duplicate is merged into its first line, not journaled.
  const total = GOOD + list.bad;
  assert.equal(job.total, total);
  await waitFor(driver, "the job to finish", async () => {
    const { job: now } = await invoke(driver, "get_job", { id: job.id });
    return now.outcome !== "running" && now.outcome !== "scheduled";
  }, 120_000);
  const { job: done, task_ids } = await invoke(driver, "get_job", { id: job.id });
  assert.equal(done.outcome, "completed", "lines skipped before sending do not make it partial");
  assert.equal(done.counts.completed, GOOD);
  assert.equal(done.counts.rejected, list.bad);
  assert.ok(task_ids.length >= 1);
  const events = (await progressEvents(driver)).filter((e) => e.job_id === job.id);
  assert.ok(events.length >= 2, "progress arrives as events");
  const last = events.at(-1);
  assert.equal(last.finished, true);
  assert.equal(last.counts.completed, GOOD);
  assert.equal(last.total, total);
  // "250 done · 3 skipped" / "成功 250 · 未提交 3"
  const summary = new RegExp(`\\b${GOOD}\\b.*\\b${list.bad}\\b`);
  await waitFor(driver, "the summary on screen", async () => summary.test(await text(driver, '[data-testid="job-progress"]')), 20_000);
  await screenshot(driver, `${name}-2-finished`);
  return job.id;
}

/** Ends the app, starts it again on the same data and finds the job in the history. */
export async function restartAndFind(driver, name, jobId) {
  await closeApp(driver);
  const next = await openApp();
  await $(next, "textarea#paste", 30_000);
  await nav(next, NAV.jobs);
  const rows = await waitFor(next, "the job list", async () => {
    const found = await next.findElements(By.css("button.job-row"));
    return found.length > 0 ? found : null;
  }, 20_000);
  await screenshot(next, `${name}-3-history`);
  await rows[0].click();
  await waitFor(next, "the job after restart", async () => new RegExp(`\\b${GOOD}\\b`).test(await text(next, '[data-testid="job-progress"]')), 20_000);
  const { job } = await invoke(next, "get_job", { id: jobId });
  assert.equal(job.counts.completed, GOOD);
  const byOutcome = async (outcome) =>
    (await invoke(next, "list_jobs", { request: { filter: { ...noFilter(), outcome }, offset: 0, limit: 10 } })).total;
  assert.deepEqual([await byOutcome("partial"), await byOutcome("completed"), await byOutcome("running")], [0, 1, 0]);
  await screenshot(next, `${name}-4-job-after-restart`);
  return next;
}

/**
 * Exports the job's CSV as the Export button does: the shell's save dialog, answered as a
 * person would, then the export to the path chosen there. First what a page that is not ours
 * would try: a path of its own, and the store plugin's load of any file (issue 11).
 */
export async function exportCsv(driver, name, jobId) {
  const elsewhere = join(OUT, `${name}-not-chosen.csv`);
  await assert.rejects(invoke(driver, "export_job_csv", { request: { job_id: jobId, path: elsewhere } }), /"code":"invalid_input"/);
  assert.equal(existsSync(elsewhere), false, "nothing written where the page said");
  await assert.rejects(invoke(driver, "plugin:store|load", { path: "/etc/cachedesk-e2e.json" }), /not allowed/);

  const path = await chooseInSaveDialog(driver, join(OUT, `${name}.csv`));
  const rows = await invoke(driver, "export_job_csv", { request: { job_id: jobId, path } });
  const written = readFileSync(path, "utf8");
  // The UTF-8 mark first: Excel and WPS then read its Chinese text right (spreadsheet.rs).
  assert.ok(written.startsWith("\ufeff"), "the CSV starts with a byte-order mark");
  const lines = written.slice(1).trim().split("\n");
  assert.equal(rows, lines.length - 1);
  // Every line but the duplicate, merged into its first line and not journaled.
  assert.equal(rows, GOOD + 3);
  assert.match(lines[0], /^line,url,state,task_id/);
  assert.equal(lines.filter((l) => l.includes(",completed,")).length, GOOD);
}

const SAVE_DIALOG_TITLE = "CacheDesk e2e: save the CSV";

/** The shell's native save dialog (GTK under Xvfb): the path typed in its name field, Enter. */
async function chooseInSaveDialog(driver, path) {
  await driver.executeScript(
    `window.__e2eSaveAs = window.__TAURI_INTERNALS__.invoke("pick_csv_destination", { title: arguments[0], fileName: "export.csv" });`,
    SAVE_DIALOG_TITLE,
  );
  const dialog = await waitFor(driver, "the save dialog", async () => {
    try {
      return execFileSync("xdotool", ["search", "--onlyvisible", "--name", SAVE_DIALOG_TITLE], { encoding: "utf8" }).trim().split("\n")[0] || null;
    } catch {
      return null;
    }
  }, 20_000);
  execFileSync("xdotool", ["windowfocus", "--sync", dialog]);
  execFileSync("xdotool", ["key", "--clearmodifiers", "ctrl+a"]);
  execFileSync("xdotool", ["type", "--delay", "15", path]);
  execFileSync("xdotool", ["key", "Return"]);
  const chosen = await driver.executeAsyncScript(`const done = arguments[0]; window.__e2eSaveAs.then(done, (e) => done({ error: e }));`);
  assert.equal(chosen, path, "the shell returns the path chosen in its dialog");
  return chosen;
}

export function noFilter() {
  return { query: null, profile_id: null, action: null, outcome: null, from: null, to: null };
}

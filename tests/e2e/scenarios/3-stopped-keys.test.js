// Issue 9's proof in the real window: a profile with a wrong token, submit, the job stops with
// the keys banner, the token is fixed through the banner, Resume, the job completes — no
// restart. Baishan purges need no quota check before the job is made, so the wrong token is
// first refused by the submit itself (on Baidu CDN the quota check refuses it on Submit).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { $, By, fill, invoke, nav, NAV, openApp, screenshot, startDriver, text, waitFor } from "../lib/app.js";
import { profiles, startDemo } from "../lib/flow.js";

const DEMO_TOKEN = "demo-token-0001";

const press = (el) => driver.executeScript("arguments[0].scrollIntoView({ block: 'center' }); arguments[0].click();", el);

let driverProcess;
let driver;
before(async () => {
  driverProcess = await startDriver("stopped-keys");
  driver = await openApp();
});
after(async () => {
  await driver?.quit().catch(() => {});
  await driverProcess?.stop();
});

test("wrong keys: the job stops with the keys banner, Edit keys, Resume, done", async () => {
  await startDemo(driver);
  const demo = (await profiles(driver)).find((p) => p.demo && p.vendor === "baishan");
  const host = demo.domains.find((d) => !d.startsWith("*."));
  const URLS = ["a", "b", "c"].map((x) => `https://${host}/keys/${x}.html`);

  await nav(driver, NAV.profiles);
  await (await $(driver, ".screen-head button.primary")).click();
  await fill(driver, "#pf-name", "E2E wrong keys");
  await (await $(driver, 'input[name="vendor"][value="baishan"]')).click();
  await fill(driver, "#pf-domains", host);
  await fill(driver, "#pf-token", "not-the-right-token");
  await (await $(driver, "form details summary")).click();
  await fill(driver, "#pf-endpoint", demo.endpoint);
  await (await $(driver, 'form button[type="submit"]')).click();
  await waitFor(driver, "the form to close", async () => (await driver.findElements(By.css("#pf-name"))).length === 0);
  const mine = (await profiles(driver)).find((p) => p.name === "E2E wrong keys");

  await nav(driver, NAV.submit);
  await driver.executeScript(
    `const [el, value] = arguments; el.value = value; el.dispatchEvent(new Event("change", { bubbles: true }));`,
    await $(driver, "select#profile"),
    mine.id,
  );
  await fill(driver, "textarea#paste", URLS.join("\n"));
  await waitFor(driver, "the preview", async () => (await driver.findElements(By.css('[data-testid="count-valid"]'))).length > 0 && (await text(driver, '[data-testid="count-valid"]')) === String(URLS.length), 20_000);
  await press(await $(driver, "button.send"));
  await screenshot(driver, "keys-0-sent");

  // The vendor refuses the keys: the job stops with the keys banner.
  await $(driver, '[data-testid="stop-banner"]', 60_000);
  assert.equal(await (await $(driver, '[data-testid="stop-banner"]')).getAttribute("data-code"), "auth");
  const [job] = (await invoke(driver, "list_jobs", { request: { filter: { query: null, profile_id: mine.id, action: null, outcome: null, from: null, to: null }, offset: 0, limit: 1 } })).items;
  assert.equal(job.error?.code, "auth");
  assert.equal(job.counts.completed, 0);
  await screenshot(driver, "keys-1-stopped");

  // Edit keys: the profile form, right keys, Save: back on the job.
  await (await $(driver, '[data-testid="stop-banner"] button.primary')).click();
  await fill(driver, "#pf-token", DEMO_TOKEN);
  await screenshot(driver, "keys-2-profile");
  // Below the fold, maybe under a notice: clicked as a person would after scrolling to it.
  await press(await $(driver, 'form button[type="submit"]'));
  await $(driver, '[data-testid="stop-banner"]', 20_000);

  // Resume: the job goes on from where it stopped and completes.
  const buttons = await driver.findElements(By.css('[data-testid="stop-banner"] button'));
  await press(buttons[buttons.length - 1]);
  await waitFor(driver, "the job to complete", async () => {
    const { job: now } = await invoke(driver, "get_job", { id: job.id });
    return now.outcome === "completed";
  }, 120_000);
  await waitFor(driver, "the banner to go", async () => (await driver.findElements(By.css('[data-testid="stop-banner"]'))).length === 0, 20_000);
  const { job: done } = await invoke(driver, "get_job", { id: job.id });
  assert.equal(done.counts.completed, URLS.length);
  assert.equal(done.error ?? null, null);
  await screenshot(driver, "keys-3-resumed");
});

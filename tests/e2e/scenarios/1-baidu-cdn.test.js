// Demo mode, then a NEW Baidu CDN profile made through the form with the simulator's demo
// keys (so they go through the real keyring): 250 URLs with bad lines, preview, submit,
// 100 %, restart, history, CSV.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { $, By, fill, nav, NAV, openApp, screenshot, startDriver, waitFor } from "../lib/app.js";
import { exportCsv, profiles, restartAndFind, startDemo, submitAndFinish, urlList } from "../lib/flow.js";

const DEMO_ACCESS_KEY = "demo-access-key-0001";
const DEMO_SECRET_KEY = "demo-secret-key-0001";

let driverProcess;
let driver;
before(async () => {
  driverProcess = await startDriver("baidu-cdn");
  driver = await openApp();
});
after(async () => {
  await driver?.quit().catch(() => {});
  await driverProcess?.stop();
});

test("Baidu CDN: a new profile with keys in the keyring, 250 URLs, restart, history, CSV", async () => {
  await startDemo(driver);
  const demo = (await profiles(driver)).find((p) => p.demo && p.vendor === "baidu-cdn");

  await nav(driver, NAV.profiles);
  await (await $(driver, ".screen-head button.primary")).click();
  await fill(driver, "#pf-name", "E2E 百度 CDN");
  await (await $(driver, 'input[name="vendor"][value="baidu-cdn"]')).click();
  await fill(driver, "#pf-domains", "www.example.com\nstatic.example.com");
  await fill(driver, "#pf-ak", DEMO_ACCESS_KEY);
  await fill(driver, "#pf-sk", DEMO_SECRET_KEY);
  await (await $(driver, "form details summary")).click();
  await fill(driver, "#pf-endpoint", demo.endpoint);
  await screenshot(driver, "cdn-0-profile-form");
  await (await $(driver, 'form button[type="submit"]')).click();
  // Saved once the form has closed (the keys are written after the profile row).
  await waitFor(driver, "the form to close", async () => (await driver.findElements(By.css("#pf-name"))).length === 0);
  await screenshot(driver, "cdn-0-profiles");
  const mine = (await profiles(driver)).find((p) => p.name === "E2E 百度 CDN");
  assert.equal(mine.demo, false);
  assert.equal(mine.has_credentials, true, "the keys are in the keyring");

  const jobId = await submitAndFinish(driver, "cdn", mine.id, urlList("www.example.com"));
  driver = await restartAndFind(driver, "cdn", jobId);
  await exportCsv(driver, "cdn", jobId);
});

// Demo mode with the Baishan demo profile, on a Chinese desktop (the app follows the OS
// locale): 250 URLs with bad lines, preview, submit, 100 %, the check at the edge, restart,
// history, CSV.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { By, openApp, screenshot, startDriver, text, waitFor } from "../lib/app.js";
import { exportCsv, GOOD, profiles, restartAndFind, startDemo, submitAndFinish, urlList } from "../lib/flow.js";

let driverProcess;
let driver;
before(async () => {
  driverProcess = await startDriver("baishan", { LANG: "zh_CN.UTF-8", LC_ALL: "zh_CN.UTF-8" });
  driver = await openApp();
});
after(async () => {
  await driver?.quit().catch(() => {});
  await driverProcess?.stop();
});

test("Baishan demo profile: 250 URLs, restart, history, CSV", async () => {
  await startDemo(driver);
  const demo = (await profiles(driver)).find((p) => p.demo && p.vendor === "baishan");
  assert.equal(demo.name, "演示 · 白山云");
  const jobId = await submitAndFinish(driver, "baishan", demo.id, urlList("static.example.com"));
  // Proof at the edge: a demo profile's job is checked by itself at the simulator's edge.
  await waitFor(driver, "the edge check", async () => (await driver.findElements(By.css('[data-testid="edge-summary"]'))).length > 0 && (await text(driver, '[data-testid="edge-summary"]')) === `已更新 ${GOOD}`, 30_000);
  await screenshot(driver, "baishan-2-edge");
  driver = await restartAndFind(driver, "baishan", jobId);
  await exportCsv(driver, "baishan", jobId);
});

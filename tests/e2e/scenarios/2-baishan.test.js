// Demo mode with the Baishan demo profile, on a Chinese desktop (the app follows the OS
// locale): 250 URLs with bad lines, preview, submit, 100 %, restart, history, CSV.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { openApp, startDriver } from "../lib/app.js";
import { exportCsv, profiles, restartAndFind, startDemo, submitAndFinish, urlList } from "../lib/flow.js";

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
  driver = await restartAndFind(driver, "baishan", jobId);
  await exportCsv(driver, "baishan", jobId);
});

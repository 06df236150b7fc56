// Drives the real CacheDesk binary: tauri-driver (WebDriver on 127.0.0.1:4444, WebKitWebDriver
// on 4445) started with a private data folder, and helpers over selenium-webdriver.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Builder, By, Capabilities, until } from "selenium-webdriver";

const ROOT = resolve(import.meta.dirname, "../../..");
export const APP = process.env.CACHEDESK_APP ?? join(ROOT, "target/debug/cachedesk-app");
export const OUT = join(import.meta.dirname, "..", "out");
const DRIVER = process.env.TAURI_DRIVER ?? "tauri-driver";
const SERVER = "http://127.0.0.1:4444";

/** A tauri-driver whose app instances share one fresh data folder (and `extraEnv`). */
export async function startDriver(name, extraEnv = {}) {
  const home = mkdtempSync(join(tmpdir(), `cachedesk-e2e-${name}-`));
  const env = {
    ...process.env,
    CACHEDESK_DATA_DIR: join(home, "data"),
    XDG_CONFIG_HOME: join(home, "config"),
    // The app's preferences (tauri-plugin-store) and window state go here; the keyring
    // daemon, already running, keeps its own folder.
    XDG_DATA_HOME: join(home, "xdg-data"),
    ...extraEnv,
  };
  // A tauri-driver left running (another run, an interrupted one) would answer in place of ours,
  // with a dead WebKitWebDriver behind it: every session would hang.
  const stale = await fetch(`${SERVER}/status`).then(() => true, () => false);
  if (stale) throw new Error(`another tauri-driver already listens at ${SERVER}: end it first`);
  const child = spawn(DRIVER, ["--port", "4444", "--native-port", "4445"], { env, stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  child.stderr.on("data", (d) => (log += d));
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${SERVER}/status`)).ok) {
        const stop = async () => {
          await stopDriver(child);
          // An app left over (a failed step, or tauri-driver leaving it behind) holds the
          // driver's stderr pipe open, which keeps this test file waiting forever; and, the app
          // being single-instance, the next scenario's app would hand over to it and quit.
          spawnSync("pkill", ["-KILL", "-f", `^${APP}`]);
          await exited(100);
          child.stderr.destroy();
          rmSync(home, { recursive: true, force: true });
        };
        return { stop };
      }
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  child.kill();
  throw new Error(`tauri-driver did not start: ${log}`);
}

async function stopDriver(child) {
  if (child.exitCode !== null) return;
  const gone = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await Promise.race([gone, sleep(3000)]);
}

/** Starts the app in a new WebDriver session and waits for its first screen. */
export async function openApp() {
  const caps = new Capabilities();
  caps.setBrowserName("wry");
  caps.set("tauri:options", { application: APP });
  const driver = await new Builder().withCapabilities(caps).usingServer(SERVER).build();
  await driver.wait(until.elementLocated(By.css("main#main")), 30_000);
  return driver;
}

/** Ends the session and waits for the app process to be gone (the app is single-instance:
 * a second one started too early would hand over to the first and quit). */
export async function closeApp(driver) {
  await driver.quit();
  if (await exited(100)) return;
  // tauri-driver sometimes leaves the process behind once the session is gone; end it as a
  // user closing a stuck window would, so the restart that follows is a real one.
  console.warn("e2e: the app outlived its WebDriver session; ending it");
  spawnSync("pkill", ["-TERM", "-f", `^${APP}`]);
  if (await exited(50)) return;
  spawnSync("pkill", ["-KILL", "-f", `^${APP}`]);
  if (!(await exited(50))) throw new Error("the app did not exit after its session ended");
}

async function exited(polls) {
  for (let i = 0; i < polls; i++) {
    if (spawnSync("pgrep", ["-f", `^${APP}`]).status !== 0) return true;
    await sleep(100);
  }
  return false;
}

/** Calls a shell command through the page's own Tauri IPC, as the UI does. */
export async function invoke(driver, cmd, args = {}) {
  return driver.executeAsyncScript(
    `const [cmd, args, done] = arguments;
     window.__TAURI_INTERNALS__.invoke(cmd, args).then((data) => done({ ok: data }), (error) => done({ error }));`,
    cmd,
    args,
  ).then((r) => {
    if ("error" in r) throw new Error(`${cmd}: ${JSON.stringify(r.error)}`);
    return r.ok;
  });
}

/** Starts recording the shell's `job-progress` events in the page (read with `progressEvents`). */
export async function recordProgress(driver) {
  await driver.executeAsyncScript(
    `const done = arguments[0];
     const tauri = window.__TAURI_INTERNALS__;
     window.__e2eProgress = [];
     const handler = tauri.transformCallback((e) => window.__e2eProgress.push(e.payload));
     tauri.invoke("plugin:event|listen", { event: "job-progress", target: { kind: "Any" }, handler }).then(() => done(), done);`,
  );
}

export async function progressEvents(driver) {
  return driver.executeScript("return window.__e2eProgress ?? [];");
}

export const $ = (driver, css, timeout = 15_000) => driver.wait(until.elementLocated(By.css(css)), timeout);

export async function text(driver, css) {
  return (await $(driver, css)).getText();
}

/** Waits until `fn` returns something truthy. */
export async function waitFor(driver, what, fn, timeout = 60_000) {
  return driver.wait(async () => (await fn()) || false, timeout, `timed out waiting for ${what}`);
}

/** Sets a text field the way typing would (one input event), without typing 10,000 keys. */
export async function fill(driver, css, value) {
  const el = await $(driver, css);
  await driver.executeScript(
    `const [el, value] = arguments;
     el.value = value;
     el.dispatchEvent(new Event("input", { bubbles: true }));`,
    el,
    value,
  );
}

/** Clicks the main navigation entry `index` (submit, jobs, history, profiles, settings). */
export async function nav(driver, index) {
  const buttons = await driver.findElements(By.css("nav ul li button"));
  await buttons[index].click();
}
export const NAV = { submit: 0, jobs: 1, history: 2, profiles: 3, settings: 4 };

/** A screenshot in tests/e2e/out, a moment after the last change so the frame is current. */
export async function screenshot(driver, name) {
  await sleep(1000);
  mkdirSync(OUT, { recursive: true });
  const file = join(OUT, `${name}.png`);
  writeFileSync(file, await driver.takeScreenshot(), "base64");
  return file;
}

export { By, sleep };

// Shared by the browser tests: a static server for the built UI (with the app's strict CSP)
// and a headless Chromium from Debian (never a downloaded browser).
import { createServer } from "node:http";
import { readFile, mkdir } from "node:fs/promises";
import { extname, join, normalize, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { before, after } from "node:test";
import { buildDevPreview, handlePreview } from "../../scripts/dev-preview.mjs";

const here = dirname(fileURLToPath(import.meta.url));
export const UI_ROOT = join(here, "..", "..");
export const BUILD_DIR = join(UI_ROOT, "dist-browser-test");
export const SHOTS_DIR = join(UI_ROOT, "..", "docs", "screenshots");

/** @type {Record<string, string>} */
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

/** The policy the desktop app will ship: nothing inline, nothing remote. */
export const CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'";

export async function serve(root = BUILD_DIR) {
  const server = createServer(async (req, res) => {
    // The fake backend's intake: the real Rust one (scripts/dev-preview.mjs).
    if (await handlePreview(req, res)) return;
    const path = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname));
    const file = join(root, path === "/" ? "index.html" : path);
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "content-security-policy": CSP });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(() => r(undefined))) };
}

/**
 * The built UI served and a headless Chromium for the test file that calls this at its top:
 * started before its tests, closed after them. Read `url` and `browser` inside a test.
 */
export function servedUi() {
  /** @type {{ url: string, browser: import("playwright-core").Browser, close: () => Promise<unknown> }} */
  const ui = /** @type {any} */ ({});
  before(async () => {
    buildDevPreview();
    const server = await serve();
    ui.url = server.url;
    ui.browser = await launch();
    ui.close = server.close;
  });
  after(async () => {
    await ui.browser?.close();
    await ui.close?.();
  });
  return ui;
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/**
 * A page of the built UI with the fake backend configured by `fake` (see src/testing/fakeBackend.ts).
 * Every console error, CSP violation or uncaught exception is collected in `problems`.
 */
export async function openApp(browser, url, fake, { dark = false } = {}) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    deviceScaleFactor: 1,
    locale: fake.locale ?? "en-US",
    colorScheme: dark ? "dark" : "light",
    reducedMotion: "reduce",
  });
  const page = await context.newPage();
  /** @type {string[]} */
  const problems = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(m.text());
  });
  page.on("pageerror", (e) => problems.push(String(e)));
  await page.addInitScript((options) => {
    Object.assign(window, { __CACHEDESK_FAKE__: options });
  }, fake);
  await page.goto(url);
  return { page, problems, close: () => context.close() };
}

export async function shot(page, lang, name) {
  const dir = join(SHOTS_DIR, lang);
  await mkdir(dir, { recursive: true });
  // Let transitions and the virtualiser settle so the picture shows the final frame.
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(dir, `${name}.png`) });
}

const AXE_SOURCE = await readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/**
 * Runs axe-core on the page as it is now and fails on any serious or critical violation.
 * axe is evaluated through the DevTools protocol, so the page's strict CSP stays as it is.
 * @param {import("playwright-core").Page} page
 * @param {string} where
 * @param {{ exclude?: string[] }} [options] parts of the page left out
 */
export async function checkA11y(page, where, { exclude = [] } = {}) {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async (exclude) => {
    // @ts-expect-error -- axe is put on window by the script above
    const result = await window.axe.run({ include: [["body"]], exclude: exclude.map((s) => [s]) }, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
  }, exclude);
  const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(bad, [], `accessibility (axe-core) on ${where}`);
}

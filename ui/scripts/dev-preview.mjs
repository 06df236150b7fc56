// Development only: answers the fake backend's POST /__dev/preview with the real Rust intake
// (crates/api's `dev-preview` binary), so the fake never re-implements intake in TypeScript.
// Served by the browser-test harness, by `vite --mode browser-test` and, for the unit tests,
// by a loopback server of vitest's global setup.
import { execFileSync, spawn } from "node:child_process";
import { createServer } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const PREVIEW_PATH = "/__dev/preview";

const REPO = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const BINARY = join(process.env.CARGO_TARGET_DIR ?? join(REPO, "target"), "debug", "dev-preview");

/** Builds the binary (quick when it is up to date); cargo prints why when it cannot. */
export function buildDevPreview() {
  execFileSync("cargo", ["build", "-q", "-p", "cachedesk-api", "--bin", "dev-preview"], {
    cwd: REPO,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, CARGO_PROFILE_DEV_DEBUG: process.env.CARGO_PROFILE_DEV_DEBUG ?? "0" },
  });
}

/**
 * The binary's answer to one request body.
 * @param {string} body
 * @returns {Promise<{ status: number, body: string }>}
 */
function runPreview(body) {
  return new Promise((resolve) => {
    const child = spawn(BINARY, [], { stdio: ["pipe", "pipe", "pipe"] });
    /** @type {Buffer[]} */
    const out = [];
    /** @type {Buffer[]} */
    const err = [];
    child.stdout.on("data", (chunk) => out.push(chunk));
    child.stderr.on("data", (chunk) => err.push(chunk));
    child.on("error", (e) => resolve({ status: 500, body: `dev-preview did not start (${e.message})` }));
    child.on("close", (code) =>
      resolve(code === 0 ? { status: 200, body: Buffer.concat(out).toString() } : { status: 500, body: Buffer.concat(err).toString() }),
    );
    child.stdin.end(body);
  });
}

/**
 * Answers POST /__dev/preview; returns false for any other request.
 * @param {import("node:http").IncomingMessage} req
 * @param {import("node:http").ServerResponse} res
 */
export async function handlePreview(req, res) {
  if (new URL(req.url ?? "/", "http://x").pathname !== PREVIEW_PATH) return false;
  // The unit tests' page (happy-dom) asks from another origin.
  const cors = { "access-control-allow-origin": "*", "access-control-allow-methods": "POST", "access-control-allow-headers": "content-type" };
  if (req.method === "OPTIONS") {
    res.writeHead(204, cors).end();
    return true;
  }
  if (req.method !== "POST") return false;
  /** @type {Buffer[]} */
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const answer = await runPreview(Buffer.concat(chunks).toString());
  res.writeHead(answer.status, { "content-type": "application/json", ...cors });
  res.end(answer.body);
  return true;
}

/** For vitest: the binary built and served on loopback; its URL and how to stop it. */
export async function servePreview() {
  buildDevPreview();
  const server = createServer((req, res) => {
    void handlePreview(req, res).then((handled) => {
      if (!handled) res.writeHead(404).end();
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}${PREVIEW_PATH}`, close: () => new Promise((r) => server.close(() => r(undefined))) };
}

/**
 * The vite plugin: `vite --mode browser-test` (the fake backend in a dev server) answers the
 * fake's intake requests too.
 * @returns {import("vite").Plugin}
 */
export function devPreview() {
  return {
    name: "cachedesk-dev-preview",
    apply: "serve",
    configureServer(server) {
      if (server.config.mode !== "browser-test" || process.env.VITEST) return;
      buildDevPreview();
      server.middlewares.use((req, res, next) => {
        void handlePreview(req, res).then((handled) => {
          if (!handled) next();
        });
      });
    },
  };
}

// Issue 11's kills of the app: the real window SIGKILLed at random moments while it sends and
// polls jobs against the simulator (run as its own process, so it outlives the app), then
// started again: it resumes every unfinished job by itself. Every URL reaches the vendor exactly
// once (no URL lost, no accepted batch resent), every job finishes, and the database stays
// intact after every kill.
//
// Each round, the `cachedesk` command starts a job and is itself killed within its first moments
// (the job is journaled, maybe partly sent), then the app is started and killed. 3 rounds here;
// CACHEDESK_APP_KILLS=10 (or more) for the long form, CACHEDESK_KILL_SEED to replay the moments.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, test } from "node:test";
import { APP } from "../lib/app.js";

const ROOT = resolve(import.meta.dirname, "../../..");
const CLI = process.env.CACHEDESK_CLI ?? join(ROOT, "target/debug/cachedesk");
const KILLS = Number(process.env.CACHEDESK_APP_KILLS ?? 3);
const LINES = 40;

// xorshift32: the kill moments, reproducible from the seed printed at the start.
let seed = Number(process.env.CACHEDESK_KILL_SEED ?? (Date.now() % 0xffffffff)) >>> 0 || 1;
function below(bound) {
  seed ^= seed << 13;
  seed >>>= 0;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  seed >>>= 0;
  return seed % bound;
}

const home = mkdtempSync(join(tmpdir(), "cachedesk-e2e-kills-"));
const env = {
  ...process.env,
  CACHEDESK_DATA_DIR: join(home, "data"),
  XDG_CONFIG_HOME: join(home, "config"),
  XDG_DATA_HOME: join(home, "xdg-data"),
  LANG: "en_US.UTF-8",
};

function cli(args, input) {
  const run = spawnSync(CLI, args, { env, input, encoding: "utf8" });
  assert.equal(run.status, 0, `cachedesk ${args.join(" ")}: ${run.stderr}`);
  return run.stdout;
}

function integrity() {
  const check = spawnSync(
    "python3",
    ["-c", "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('PRAGMA integrity_check').fetchone()[0])", join(env.CACHEDESK_DATA_DIR, "cachedesk.db")],
    { encoding: "utf8" },
  );
  return check.stdout.trim() || check.stderr;
}

async function kill(child) {
  if (child.exitCode === null && child.signalCode === null) {
    const gone = once(child, "exit");
    child.kill("SIGKILL");
    await gone;
  }
}

function jobs() {
  return JSON.parse(cli(["jobs", "--json", "--limit", "1000"])).jobs;
}

let sim;
before(async () => {
  sim = spawn(CLI, ["sim", "--speed", "instant", "--latency-ms", "120"], { env, stdio: ["ignore", "pipe", "inherit"] });
  const banner = {};
  for await (const line of createInterface({ input: sim.stdout })) {
    const [name, value] = line.split(" ");
    banner[name] = value;
    if (name === "origin") break;
  }
  cli(
    ["profile", "add", "cdn", "--vendor", "baidu-cdn", "--endpoint", banner["baidu-cdn"], "--domain", "www.example.com", "--batch-size", "5", "--concurrency", "1"],
    `${banner["access-key"]}\n${banner["secret-key"]}\n`,
  );
});
after(async () => {
  if (sim) await kill(sim);
  rmSync(home, { recursive: true, force: true });
});

test(`the app killed ${KILLS} times at random moments loses no URL and sends none twice`, { timeout: 120_000 + KILLS * 30_000 }, async () => {
  console.log(`app kills: ${KILLS}, CACHEDESK_KILL_SEED=${seed}`);
  const started = Date.now();
  const moments = [];
  for (let round = 0; round < KILLS; round++) {
    const file = join(home, `k${round}.txt`);
    writeFileSync(file, Array.from({ length: LINES }, (_, i) => `https://www.example.com/k${round}/${i}.html`).join("\n") + "\n");
    const command = spawn(CLI, ["purge", "-p", "cdn", "--wait", "--json", file], { env, stdio: "ignore" });
    const commandFor = 100 + below(600);
    await sleep(commandFor);
    await kill(command);

    const app = spawn(APP, [], { env, stdio: "ignore" });
    // The window takes a second or two to open; its resume starts then.
    const appFor = 300 + below(4000);
    await sleep(appFor);
    await kill(app);
    moments.push([commandFor, appFor]);
    assert.equal(integrity(), "ok", `round ${round}: the command killed after ${commandFor} ms, the app after ${appFor} ms`);
  }

  // Started once more, the app finishes every job.
  const app = spawn(APP, [], { env, stdio: "ignore" });
  try {
    const deadline = Date.now() + 90_000;
    while (jobs().some((j) => j.status !== "finished") && Date.now() < deadline) await sleep(500);
  } finally {
    await kill(app);
  }
  assert.equal(integrity(), "ok");

  const all = jobs();
  assert.ok(all.length > 0, "the command journaled at least one job before its kill");
  for (const job of all) {
    assert.equal(job.status, "finished", JSON.stringify(job));
    assert.equal(job.counts.completed, LINES, JSON.stringify(job));
  }
  const records = JSON.parse(cli(["status", "-p", "cdn", "--since", "1h", "--json"])).records;
  const times = new Map();
  for (const r of records) times.set(r.url, (times.get(r.url) ?? 0) + 1);
  const twice = [...times].filter(([, n]) => n > 1);
  assert.deepEqual(twice, [], "no URL sent twice");
  assert.equal(records.length, all.length * LINES, "every journaled URL reached the vendor");
  console.log(
    `app kills: ${KILLS} SIGKILLs of the app (and of the command before each), ${all.length} jobs, ` +
      `${records.length} URLs sent, each once; integrity_check ok after every kill; ` +
      `${((Date.now() - started) / 1000).toFixed(1)} s; moments (command ms, app ms): ${JSON.stringify(moments)}`,
  );
});

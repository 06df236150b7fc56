// Proof at the edge in the job view of the BUILT UI (fake backend in the page, which answers as
// the simulator's edge): a demo profile's purge is checked by itself when it ends, with a
// verdict and its sentence per URL; an origin is saved and "Check again" compares with it; a
// directory purge says why it is not checked as a whole and checks sample URLs under its
// directories (one outside is refused); a job of more URLs than the card lists shows those that
// need a look first and says how many there are. Both languages; screenshots edge-*.png.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { openApp, shot, checkA11y, servedUi } from "./harness.mjs";

const TEXT = {
  en: {
    locale: "en-US",
    jobs: "Jobs",
    summary: "3 fresh · 1 still stale",
    stale: /^Still stale: the edge serves a copy from before the purge/,
    settings: /^Edge check settings of/,
    again: "Check again",
    save: "Save settings",
    withOrigin: "3 matches origin · 1 still stale",
    badOrigin: "ftp://origin.example.com",
    directories: /^A directory purge is not checked as a whole/,
    sample: "Check a URL under these directories",
    samples: "1 matches origin · 1 still stale",
    many: "247 fresh · 3 still stale",
    shown: "Showing 200 of 250 URLs, those that need a look first. Export CSV has every verdict.",
  },
  "zh-CN": {
    locale: "zh-CN",
    jobs: "任务记录",
    summary: "已更新 3 · 仍是旧内容 1",
    stale: /^仍是旧内容：节点仍在提供刷新前的缓存/,
    settings: /的节点验证设置$/,
    again: "重新检查",
    save: "保存设置",
    withOrigin: "与源站一致 3 · 仍是旧内容 1",
    badOrigin: "ftp://origin.example.com",
    directories: /^目录刷新不整体做节点验证/,
    sample: "检查这些目录下的 URL",
    samples: "与源站一致 1 · 仍是旧内容 1",
    many: "已更新 247 · 仍是旧内容 3",
    shown: "显示 250 个 URL 中的 200 个，需要留意的排在前面。导出 CSV 可查看全部结果。",
  },
};

const ui = servedUi();

const summaryIs = (page, text) =>
  page.waitForFunction((t) => document.querySelector("[data-testid=edge-summary]")?.textContent === t, text, { timeout: 15_000 });

for (const [lang, t] of Object.entries(TEXT)) {
  describe(`proof at the edge in ${lang}`, () => {
    test("a demo purge is checked by itself; an origin, Check again; a directory purge says why not", async () => {
      const { page, problems, close } = await openApp(ui.browser, ui.url, {
        locale: t.locale,
        demo: true,
        seedJobs: 4,
        prefs: { onboarded: true },
        tickMs: 120,
      });
      try {
        await page.locator("#paste").fill(
          ["https://www.example.com/index.html", "https://www.example.com/news/stale.html", "https://www.example.com/app.js", "https://www.example.com/app.css"].join("\n"),
        );
        await page.waitForFunction(() => document.querySelector("[data-testid=count-valid]")?.textContent === "4");
        await page.locator("#paste").focus();
        await page.keyboard.press("Control+Enter");
        await summaryIs(page, t.summary);
        const rows = page.getByTestId("edge-url");
        assert.equal(await rows.count(), 4, "a verdict for every finished URL");
        assert.match((await rows.nth(1).locator(".sentence").textContent())?.trim() ?? "", t.stale);
        await page.getByTestId("edge-proof").scrollIntoViewIfNeeded();
        await checkA11y(page, "job detail with its edge verdicts");
        await shot(page, lang, "edge-job");

        // A wrong origin is refused; a right one is kept and compared with on the next check.
        await page.getByText(t.settings).click();
        await page.locator("#edge-origin").fill(t.badOrigin);
        await page.getByRole("button", { name: t.save }).click();
        await page.getByTestId("edge-proof").getByRole("alert").waitFor();
        await page.locator("#edge-origin").fill("https://origin.example.com");
        await page.getByRole("button", { name: t.save }).click();
        await page.getByTestId("edge-proof").getByRole("alert").waitFor({ state: "detached" });
        await page.getByRole("button", { name: t.again, exact: true }).click();
        await summaryIs(page, t.withOrigin);
        await page.getByTestId("edge-proof").scrollIntoViewIfNeeded();
        await shot(page, lang, "edge-origin");

        // A seeded directory purge (the fourth job): no check, and why.
        await page.getByRole("navigation").getByRole("button", { name: t.jobs, exact: true }).click();
        await page.locator(".job-row").nth(4).click();
        const why = page.getByTestId("edge-directories");
        await why.waitFor();
        assert.match((await why.textContent())?.trim() ?? "", t.directories);
        assert.equal(await page.getByTestId("edge-check").count(), 0, "no check of the whole job");

        // Sample URLs under its directories: one outside is refused, one is fresh, one a node
        // still holds.
        const sample = page.getByLabel(t.sample);
        const check = page.getByTestId("edge-check-sample");
        const alert = page.getByTestId("edge-proof").getByRole("alert");
        await sample.fill("https://www.example.com/elsewhere/a.html");
        await check.click();
        await alert.waitFor();
        assert.match((await alert.textContent()) ?? "", /elsewhere/);
        const dir = await page.evaluate(() => document.body.innerText.match(/https:\/\/www\.example\.com\/archive\/[^/\s]+\/part-1\//)?.[0]);
        assert.ok(dir, "the job lists its directories");
        await sample.fill(`${dir}2026/today.html`);
        await check.click();
        await alert.waitFor({ state: "detached" });
        await page.getByTestId("edge-url").first().waitFor();
        await sample.fill(`${dir.replace("part-1/", "part-2/")}stale/logo.png`);
        await check.click();
        await summaryIs(page, t.samples);
        assert.equal(await page.getByTestId("edge-url").count(), 2, "each sample in the list");
        await page.getByTestId("edge-proof").scrollIntoViewIfNeeded();
        await shot(page, lang, "edge-directories");
        assert.deepEqual(problems, [], "no console errors or CSP violations");
      } finally {
        await close();
      }
    });

    test("a job of 250 URLs lists 200, those that need a look first, and says so", async () => {
      const { page, problems, close } = await openApp(ui.browser, ui.url, { locale: t.locale, demo: true, prefs: { onboarded: true }, tickMs: 60 });
      try {
        const stale = [10, 120, 240];
        const url = (line) => `https://www.example.com/many/${stale.includes(line) ? "stale-" : ""}${line}.html`;
        await page.locator("#paste").fill(Array.from({ length: 250 }, (_, i) => url(i + 1)).join("\n"));
        await page.waitForFunction(() => document.querySelector("[data-testid=count-valid]")?.textContent === "250");
        await page.locator("#paste").focus();
        await page.keyboard.press("Control+Enter");
        await summaryIs(page, t.many);
        const rows = page.getByTestId("edge-url");
        // The rows drawn: those on screen and a few more, each with its place in the list.
        const drawn = async () => {
          const urls = (await rows.locator(".mono").allTextContents()).map((u) => u.trim());
          const first = Number(await page.getByTestId("edge-proof").getByRole("listitem").first().getAttribute("aria-posinset"));
          return { first, urls };
        };
        const expected = [...stale, ...Array.from({ length: 199 }, (_, i) => i + 1).filter((l) => !stale.includes(l))].map(url);
        const top = await drawn();
        assert.ok(top.urls.length > 3 && top.urls.length < 20, `only the rows on screen are drawn (${top.urls.length})`);
        assert.deepEqual(top, { first: 1, urls: expected.slice(0, top.urls.length) }, "the stale ones first, in line order");
        const list = page.getByTestId("edge-proof").getByRole("list");
        assert.equal(await list.getByRole("listitem").first().getAttribute("aria-setsize"), "200");
        assert.equal((await page.getByTestId("edge-shown").textContent())?.trim(), t.shown);

        // At the end of the list, the fresh ones in line order up to the 200th.
        await list.evaluate((el) => (el.scrollTop = el.scrollHeight));
        await page.locator('[aria-posinset="200"]').waitFor();
        const end = await drawn();
        assert.deepEqual(end.urls, expected.slice(end.first - 1), "the fresh ones, in line order");

        // Checked again, a listed URL keeps its place, in view.
        const again = rows.last();
        const againUrl = (await again.locator(".mono").textContent())?.trim();
        await again.getByTestId("edge-check-url").click();
        await page.waitForFunction(() => !document.querySelector("[data-testid=edge-check-url]:disabled"));
        assert.deepEqual(await drawn(), end);
        const box = await list.boundingBox();
        const row = await rows.filter({ hasText: againUrl }).boundingBox();
        assert.ok(box && row && row.y >= box.y - 1 && row.y + row.height <= box.y + box.height + 1, "the URL checked again is in view");
        assert.deepEqual(problems, [], "no console errors or CSP violations");
      } finally {
        await close();
      }
    });
  });
}

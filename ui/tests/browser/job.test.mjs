// Job detail and the jobs list (issue 9), in both languages: the count chips filter the URLs,
// a batch's task id shows once, the stop banner says its reason once (the engine's sentence
// under Details), stopped jobs have their own filter, and notices never cover the rows.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { openApp, shot, checkA11y, servedUi } from "./harness.mjs";

const TEXT = {
  en: { locale: "en-US", failedChip: /^Failed 2$/, failed: "Failed", jobs: "Jobs", stopped: "Stopped", title: "This job has stopped: The vendor did not accept the keys." },
  "zh-CN": { locale: "zh-CN", failedChip: /^失败 2$/, failed: "失败", jobs: "任务记录", stopped: "已停止", title: "任务已停止：服务商未接受该密钥。" },
};

const ui = servedUi();

const overlaps = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

for (const [lang, t] of Object.entries(TEXT)) {
  describe(`job detail in ${lang}`, () => {
    test("chips filter the URLs, a task id once per batch, notices beside the table", async () => {
      const { page, problems, close } = await openApp(ui.browser, ui.url, { locale: t.locale, demo: true, prefs: { onboarded: true }, tickMs: 100 });
      try {
        const lines = Array.from({ length: 148 }, (_, i) => `https://www.example.com/a/${i + 1}.html`);
        lines.push("https://www.example.com/missing-1.png", "https://www.example.com/missing-2.png");
        await page.locator("#paste").fill(lines.join("\n"));
        await page.waitForFunction(() => document.querySelector("[data-testid=count-valid]")?.textContent === "150");
        await page.locator("#paste").focus();
        await page.keyboard.press("Control+Enter");
        const chip = page.getByTestId("chip-failed");
        await chip.waitFor({ timeout: 15_000 });
        await page.waitForFunction(() => document.querySelector("[data-testid=chip-failed]")?.textContent?.trim().endsWith("2"));

        // 100 URLs a request: the first row of each batch names its task, the others do not.
        await page.locator(".vrow .grid-row").first().waitFor();
        const shownTasks = await page.locator(".vrow .task").allTextContents();
        const rows = await page.locator(".vrow .grid-row").count();
        assert.ok(shownTasks.length >= 1 && shownTasks.length < rows / 4, `task ids shown ${shownTasks.length} times in ${rows} rows`);
        assert.equal(new Set(shownTasks).size, shownTasks.length, "each task id once");

        // The toast about the new job sits apart from the table.
        const notice = page.locator(".notice").first();
        await notice.waitFor();
        const box = await notice.boundingBox();
        const screen = await page.locator("main").boundingBox();
        assert.ok(box && screen && !overlaps(box, screen), "the notice does not cover the screen and its rows");

        assert.match((await chip.textContent()).trim(), t.failedChip);
        await chip.click();
        assert.equal(await chip.getAttribute("aria-pressed"), "true");
        await page.waitForFunction(() => document.querySelectorAll(".vrow .grid-row").length === 2);
        const badges = await page.locator(".vrow .grid-row .badge").allTextContents();
        assert.deepEqual(badges.map((b) => b.trim()), [t.failed, t.failed]);
        await checkA11y(page, "job detail");
        await page.locator(".scroller[role=table]").scrollIntoViewIfNeeded();
        await shot(page, lang, "job-chips");
        assert.deepEqual(problems, []);
      } finally {
        await close();
      }
    });

    test("a stopped job: the reason once, and the Stopped filter of the jobs list", async () => {
      const { page, problems, close } = await openApp(ui.browser, ui.url, {
        locale: t.locale,
        demo: true,
        seedJobs: 30,
        prefs: { onboarded: true },
        stopWith: "auth",
        tickMs: 100,
      });
      try {
        await page.locator("#paste").fill("https://www.example.com/a.html\nhttps://www.example.com/b.html");
        await page.waitForFunction(() => document.querySelector("[data-testid=count-valid]")?.textContent === "2");
        await page.locator("#paste").focus();
        await page.keyboard.press("Control+Enter");
        await page.getByTestId("stop-banner").waitFor({ timeout: 10_000 });
        assert.equal((await page.locator("#stop-title").textContent())?.trim(), t.title);
        assert.equal(await page.getByTestId("stop-reason").isVisible(), false, "the engine's sentence waits under Details");
        await checkA11y(page, "stopped job");

        await page.getByRole("navigation").getByRole("button", { name: t.jobs, exact: true }).click();
        await page.locator(".job-row").first().waitFor();
        assert.ok((await page.locator(".job-row").count()) > 5);
        await page.locator("#jobs-status").selectOption("stopped");
        await page.waitForFunction(() => document.querySelectorAll(".job-row").length === 1);
        assert.match(await page.locator(".job-row").first().textContent(), new RegExp(t.stopped));
        await checkA11y(page, "jobs list");
        await shot(page, lang, "jobs-stopped");
        assert.deepEqual(problems, []);
      } finally {
        await close();
      }
    });
  });
}

// A long paste (issue 11): the input area says how far the check has come while it lasts, in
// both languages. Too many lines for the paste box are held beside it (a browser's text box
// takes seconds to lay out a hundred thousand lines), and the box numbers only the lines in view.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { openApp, checkA11y, servedUi, shot } from "./harness.mjs";

const LINES = 200_000;

const TEXT = {
  en: { locale: "en-US", submit: "Refresh / prefetch", reading: /^Reading [\d,]+ of 200,000 lines…$/, held: /^200,000 pasted lines/, clear: "Clear them" },
  "zh-CN": { locale: "zh-CN", submit: "刷新 / 预热", reading: /^正在读取…已完成 [\d,]+ 行，共 200,000 行$/, held: /^已粘贴 200,000 行/, clear: "清除这些行" },
};

const ui = servedUi();

for (const [lang, t] of Object.entries(TEXT)) {
  describe(`a long paste in ${lang}`, () => {
    test("shows the lines read of all while it is checked, then the preview", async () => {
      const { page, problems, close } = await openApp(ui.browser, ui.url, { locale: t.locale, demo: true, prefs: { onboarded: true } });
      try {
        await page.getByRole("navigation").getByRole("button", { name: t.submit, exact: true }).click();
        // A box-sized paste stays in the box, numbered as far as it is in view.
        const some = Array.from({ length: 2_000 }, (_, i) => `https://www.example.com/a/${i}.html`).join("\n");
        await page.locator("#paste").fill(some);
        const numbered = await page.locator(".gutter span").count();
        assert.ok(numbered > 0 && numbered <= 300, `the gutter numbers ${numbered} of 2,000 lines`);
        await page.locator("#paste").fill("");

        // A paste anywhere on the page, as Ctrl+V with the focus outside the box.
        await page.evaluate((lines) => {
          const data = new DataTransfer();
          data.setData("text/plain", Array.from({ length: lines }, (_, i) => `https://www.example.com/news/${i}.html`).join("\n"));
          document.body.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true }));
        }, LINES);
        const held = page.getByTestId("held-text");
        assert.match((await held.locator("span").textContent()) ?? "", t.held);
        assert.equal(await page.locator("#paste").count(), 0, "the lines are not laid out in a text box");

        const progress = page.getByTestId("input-progress");
        await progress.locator("progress[value]").waitFor();
        assert.match((await progress.locator("span").textContent())?.trim() ?? "", t.reading);
        await checkA11y(page, "a long paste being checked");
        await shot(page, lang, "submit-long-paste");

        await page.waitForFunction((lines) => document.querySelector("[data-testid=count-valid]")?.textContent?.replace(/\D/g, "") === String(lines), LINES, { timeout: 120_000 });
        assert.equal(await progress.count(), 0, "the progress goes once the preview is there");

        await held.getByRole("button", { name: t.clear }).click();
        await page.locator("#paste").waitFor();
        assert.deepEqual(problems, []);
      } finally {
        await close();
      }
    });
  });
}

// Vendor history (issue 9), in both languages: the last 7 days load by themselves, every page
// is read (no "Load more" that loads nothing), a status filter and a total, reasons shown in
// the UI's language, Chinese paths readable; a CSV export of what the screen lists; empty and
// failed states.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { openApp, shot, checkA11y, servedUi } from "./harness.mjs";

const TEXT = {
  en: {
    locale: "en-US",
    nav: "Vendor history",
    total: /^\d+ URLs in this range · \d+ failed$/,
    three: "3 URLs in this range · 0 failed",
    failed: "Failed",
    // The vendor's words, read as a reason in the UI's language; its words stay in the title.
    reason: /^The file does not exist at the origin \(it answered 404\)/,
    empty: "No task in this range.",
    more: "Load more",
    networkTitle: "Could not reach the vendor.",
    export: "Export CSV",
    exported: (count) => `Saved ${count} rows to /home/editor/cachedesk-export.csv.`,
  },
  "zh-CN": {
    locale: "zh-CN",
    nav: "服务商记录",
    total: /^此时间段共 \d+ 个 URL · 失败 \d+$/,
    three: "此时间段共 3 个 URL · 失败 0",
    failed: "失败",
    reason: /^源站上没有这个文件（返回 404）/,
    empty: null,
    more: "加载更多",
    networkTitle: "无法连接服务商。",
    export: "导出 CSV",
    exported: (count) => `已将 ${count} 行保存到 /home/editor/cachedesk-export.csv。`,
  },
};

const ui = servedUi();

const open = async (t, history) => {
  const app = await openApp(ui.browser, ui.url, { locale: t.locale, demo: true, prefs: { onboarded: true }, history });
  await app.page.getByRole("navigation").getByRole("button", { name: t.nav, exact: true }).click();
  return app;
};

for (const [lang, t] of Object.entries(TEXT)) {
  describe(`vendor history in ${lang}`, () => {
    test("loads the last 7 days by itself, filters by status, shows reasons and readable paths", async () => {
      const { page, problems, close } = await open(t);
      try {
        const total = page.getByTestId("history-total");
        await page.getByTestId("history-end").waitFor();
        assert.match((await total.textContent()).trim(), t.total);
        assert.equal(await page.getByRole("button", { name: t.more }).count(), 0, "every page was read");
        assert.ok((await page.locator(".history .mono").allTextContents()).some((u) => u.includes("/活动/")), "Chinese paths decoded");
        // Dates as YYYY-MM-DD HH:mm whatever the system's locale, wide enough to read whole.
        for (const id of ["#h-from", "#h-to"]) {
          const field = page.locator(id);
          assert.match(await field.inputValue(), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
          assert.ok(await field.evaluate((el) => el.scrollWidth <= el.clientWidth), `${id} shows its whole value`);
        }
        await checkA11y(page, "vendor history");
        await shot(page, lang, "history");

        const optionText = await page.locator("#h-status option").allTextContents();
        const failedOption = optionText.find((o) => o.startsWith(t.failed));
        assert.ok(failedOption, `a Failed option: ${optionText}`);
        await page.locator("#h-status").selectOption({ label: failedOption });
        const reason = page.getByText(t.reason).first();
        await reason.waitFor();
        assert.match(await reason.getAttribute("title"), /origin returned 404 Not Found$/);
        const badges = await page.locator(".history .grid-row .badge").allTextContents();
        assert.ok(badges.length > 0 && badges.every((b) => b.trim() === t.failed), `only failed rows: ${badges}`);
        await shot(page, lang, "history-filtered");

        // The export writes what the screen lists: the failed records only.
        await page.getByRole("button", { name: t.export }).click();
        await page.getByText(t.exported(Number(failedOption.match(/\d+/)[0]))).waitFor();
        assert.deepEqual(problems, []);
      } finally {
        await close();
      }
    });

    test("three records: a total, and no Load more", async () => {
      const { page, problems, close } = await open(t, { records: 3 });
      try {
        await page.getByTestId("history-end").waitFor();
        assert.equal((await page.getByTestId("history-total").textContent()).trim(), t.three);
        assert.equal(await page.getByRole("button", { name: t.more }).count(), 0);
        assert.deepEqual(problems, []);
      } finally {
        await close();
      }
    });

    test("empty and failed", async () => {
      let app = await open(t, { records: 0 });
      try {
        await app.page.getByTestId("history-empty").waitFor();
        assert.ok(await app.page.getByRole("button", { name: t.export }).isDisabled(), "nothing listed, nothing to export");
        if (t.empty) assert.equal((await app.page.getByTestId("history-empty").textContent()).trim(), t.empty);
        await shot(app.page, lang, "history-empty");
        assert.deepEqual(app.problems, []);
      } finally {
        await app.close();
      }
      app = await open(t, { fails: true });
      try {
        await app.page.getByText(t.networkTitle).waitFor();
        await checkA11y(app.page, "vendor history failed");
        await shot(app.page, lang, "history-failed");
      } finally {
        await app.close();
      }
    });
  });
}

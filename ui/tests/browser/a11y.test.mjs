// Accessibility (issue 9), in both languages: axe-core finds no serious or critical violation on
// any screen, tables expose their column headers, and each form error is tied to its field.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { openApp, checkA11y, servedUi } from "./harness.mjs";

const TEXT = {
  en: { locale: "en-US", nav: ["Jobs", "Vendor history", "Site profiles", "Settings"], add: "Add profile", save: "Save profile", demo: "Try the demo" },
  "zh-CN": { locale: "zh-CN", nav: ["任务记录", "服务商记录", "站点配置", "设置"], add: "添加配置", save: "保存配置", demo: "先体验演示" },
};

const ui = servedUi();

for (const [lang, t] of Object.entries(TEXT)) {
  describe(`accessibility in ${lang}`, () => {
    test("every screen passes axe-core; form errors are tied to their fields", async () => {
      const { page, problems, close } = await openApp(ui.browser, ui.url, { locale: t.locale, seedJobs: 40 });
      try {
        await page.getByRole("button", { name: t.demo }).waitFor();
        await checkA11y(page, "first run");
        await page.getByRole("button", { name: t.demo }).click();
        await page.locator("#paste").fill("https://www.example.com/a.html\nftp://www.example.com/b");
        await page.waitForFunction(() => document.querySelector("[data-testid=count-rejected]")?.textContent === "1");
        await checkA11y(page, "submit");
        const headers = await page.getByRole("table").getByRole("columnheader").allTextContents();
        assert.equal(headers.length, 3, `the rejected lines' table has its column headers: ${headers}`);

        const nav = (name) => page.getByRole("navigation").getByRole("button", { name, exact: true }).click();
        for (const name of t.nav) {
          await nav(name);
          await page.waitForTimeout(400);
          await checkA11y(page, name);
        }

        await nav(t.nav[2]);
        await page.getByRole("button", { name: t.add }).click();
        await page.getByRole("button", { name: t.save, exact: true }).click();
        const invalid = page.locator("[aria-invalid=true]");
        await invalid.first().waitFor();
        const tied = await invalid.evaluateAll((fields) =>
          fields.map((f) => {
            const ids = (f.getAttribute("aria-describedby") ?? "").split(/\s+/);
            return ids.some((id) => document.getElementById(id)?.classList.contains("field-error"));
          }),
        );
        assert.ok(tied.length >= 2 && tied.every(Boolean), `each invalid field names its error (${tied})`);
        await checkA11y(page, "profile form with errors");
        assert.deepEqual(problems, []);
      } finally {
        await close();
      }
    });
  });
}

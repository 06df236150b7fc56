// Lines that will not be sent (issue 9), in both languages: numbered in the paste box, a click
// on the number selects the line there, "Remove line", and "Switch to profile X" when another
// profile covers the line's host.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { openApp, shot, checkA11y, servedUi } from "./harness.mjs";

const TEXT = {
  en: { locale: "en-US", profiles: "Site profiles", submit: "Refresh / prefetch", add: "Add profile", save: "Save profile", remove: "Remove line", jump: "Show line 2 in the box", switchTo: "Switch to profile Images" },
  "zh-CN": { locale: "zh-CN", profiles: "站点配置", submit: "刷新 / 预热", add: "添加配置", save: "保存配置", remove: "删除此行", jump: "在输入框中显示第 2 行", switchTo: "改用配置“Images”" },
};

const ui = servedUi();

const nav = (page, name) => page.getByRole("navigation").getByRole("button", { name, exact: true }).click();

for (const [lang, t] of Object.entries(TEXT)) {
  describe(`rejected lines in ${lang}`, () => {
    test("jump to the line, remove it, switch to the profile that covers the host", async () => {
      const { page, problems, close } = await openApp(ui.browser, ui.url, { locale: t.locale, demo: true, prefs: { onboarded: true } });
      try {
        // A second site, for the images host.
        await nav(page, t.profiles);
        await page.getByRole("button", { name: t.add }).click();
        await page.locator("#pf-name").fill("Images");
        await page.locator("#pf-domains").fill("img.other-site.cn");
        await page.locator("#pf-ak").fill("AK-fake-2");
        await page.locator("#pf-sk").fill("SK-fake-2");
        await page.getByRole("button", { name: t.save, exact: true }).click();
        await nav(page, t.submit);

        const paste = page.locator("#paste");
        await paste.fill(["https://www.example.com/a.html", "not a url", "https://img.other-site.cn/banner.jpg"].join("\n"));
        await page.waitForFunction(() => document.querySelector("[data-testid=count-rejected]")?.textContent === "2");
        assert.deepEqual(await page.locator(".gutter span").allTextContents(), ["1", "2", "3"], "the box numbers its lines");
        await checkA11y(page, "submit with rejected lines");
        await shot(page, lang, "submit-rejected");

        await page.getByRole("button", { name: t.jump }).click();
        const selected = await paste.evaluate((el) => el.value.slice(el.selectionStart, el.selectionEnd));
        assert.equal(selected, "not a url");

        const row = page.locator(".rejected-row", { hasText: "not a url" });
        await row.getByRole("button", { name: t.remove }).click();
        await page.waitForFunction(() => document.querySelector("[data-testid=count-rejected]")?.textContent === "1");
        assert.equal(await paste.inputValue(), "https://www.example.com/a.html\nhttps://img.other-site.cn/banner.jpg");

        const before = await page.locator("#profile").inputValue();
        await page.getByRole("button", { name: t.switchTo }).click();
        assert.notEqual(await page.locator("#profile").inputValue(), before, "the profile changed");
        assert.match(await page.locator("#profile option:checked").textContent(), /^Images/);
        assert.deepEqual(problems, []);
      } finally {
        await close();
      }
    });
  });
}

// Leaving demo mode (issue 9), in both languages: demo profiles marked in every picker, their
// names follow the language switched in Settings, a real profile offers to remove them, and
// "Leave demo" in the badge and in Settings asks, then deletes them.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { openApp, shot, checkA11y, servedUi } from "./harness.mjs";

const TEXT = {
  en: {
    locale: "en-US",
    other: "简体中文",
    nav: { profiles: "Site profiles", settings: "Settings", submit: "Refresh / prefetch", jobs: "Jobs" },
    cdnHere: "Demo · Baidu AI Cloud CDN",
    cdnOther: "演示 · 百度智能云 CDN",
    mark: "Demo · Baidu AI Cloud CDN (simulator)",
    add: "Add profile",
    save: "Save profile",
    remove: "Remove the demo profiles",
    leave: "Leave demo",
    confirm: "Delete the demo profiles",
    left: "Demo mode is over: the demo profiles are deleted.",
    newProfile: "New site profile",
    test: "Test connection",
    edit: "Edit",
    del: "Delete",
  },
  "zh-CN": {
    locale: "zh-CN",
    other: "English",
    nav: { profiles: "站点配置", settings: "设置", submit: "刷新 / 预热", jobs: "任务记录" },
    cdnHere: "演示 · 百度智能云 CDN",
    cdnOther: "Demo · Baidu AI Cloud CDN",
    mark: "演示 · 百度智能云 CDN（模拟器）",
    add: "添加配置",
    save: "保存配置",
    remove: "删除演示配置",
    leave: "退出演示",
    confirm: "删除演示配置",
    left: "已退出演示模式，演示配置已删除。",
    newProfile: "新建站点配置",
    test: "测试连接",
    edit: "编辑",
    del: "删除",
  },
};

const ui = servedUi();

const nav = (page, name) => page.getByRole("navigation").getByRole("button", { name, exact: true }).click();

for (const [lang, t] of Object.entries(TEXT)) {
  describe(`demo mode in ${lang}`, () => {
    test("marked in pickers, renamed with the language, removed after a real profile", async () => {
      const { page, problems, close } = await openApp(ui.browser, ui.url, { locale: t.locale, demo: true, prefs: { onboarded: true } });
      try {
        await page.locator("#paste").waitFor();
        const options = await page.locator("#profile option").allTextContents();
        assert.ok(options[0].startsWith(t.mark), `the Submit picker marks demo profiles: ${options[0]}`);
        await page.locator("#demo-note").waitFor();
        await nav(page, t.nav.jobs);
        assert.ok((await page.locator("#jobs-profile option").allTextContents()).includes(t.mark), "the Jobs filter marks them");

        // The other language in Settings, and back: the demo's names follow.
        await nav(page, t.nav.settings);
        await page.getByRole("radio", { name: t.other }).check();
        const back = lang === "en" ? "English" : "简体中文";
        await page.getByRole("radio", { name: back }).waitFor();
        const otherNav = lang === "en" ? "站点配置" : "Site profiles";
        await nav(page, otherNav);
        await page.getByRole("heading", { name: t.cdnOther, exact: true }).waitFor();
        await nav(page, lang === "en" ? "设置" : "Settings");
        await page.getByRole("radio", { name: back }).check();
        await nav(page, t.nav.profiles);
        await page.getByRole("heading", { name: t.cdnHere, exact: true }).waitFor();

        // A real profile: the offer to remove the demo ones.
        await page.getByRole("button", { name: t.add }).click();
        await page.locator("#pf-name").fill(lang === "en" ? "Main site" : "官网");
        await page.locator("#pf-domains").fill("www.example.com");
        await page.locator("#pf-ak").fill("AK-fake-1");
        await page.locator("#pf-sk").fill("SK-fake-1");
        await page.getByRole("button", { name: t.save, exact: true }).click();
        const offer = page.getByRole("button", { name: t.remove });
        await offer.waitFor();
        await shot(page, lang, "demo-offer");
        await offer.click();
        await page.getByText(t.left).waitFor();
        assert.equal(await page.locator(".profile h2").count(), 1, "only the real profile is left");
        assert.equal(await page.locator(".demo-badge").count(), 0, "the badge is gone");
        assert.deepEqual(problems, []);
      } finally {
        await close();
      }
    });

    test("Delete looks dangerous, stands apart from Test and Edit, and asks", async () => {
      const { page, problems, close } = await openApp(ui.browser, ui.url, { locale: t.locale, demo: true, prefs: { onboarded: true } });
      try {
        await nav(page, t.nav.profiles);
        const card = page.locator(".profile").first();
        const [test, edit, del] = await Promise.all(
          [t.test, t.edit, t.del].map((name) => card.getByRole("button", { name, exact: true }).boundingBox()),
        );
        const gap = (a, b) => b.x - (a.x + a.width);
        assert.ok(gap(edit, del) >= 2 * gap(test, edit), `Delete stands apart (${gap(test, edit)} vs ${gap(edit, del)})`);
        const colors = await card.getByRole("button", { name: t.del, exact: true }).evaluate((b) => {
          const s = getComputedStyle(b);
          return [s.color, getComputedStyle(b.parentElement.querySelector("button")).color];
        });
        assert.notEqual(colors[0], colors[1], "Delete is coloured apart");
        await checkA11y(page, "profiles");
        await card.getByRole("button", { name: t.del, exact: true }).click();
        await page.getByRole("dialog").waitFor();
        await checkA11y(page, "delete dialog");
        await shot(page, lang, "delete-dialog");
        assert.deepEqual(problems, []);
      } finally {
        await close();
      }
    });

    test("Leave demo from the badge and from Settings asks first", async () => {
      const { page, problems, close } = await openApp(ui.browser, ui.url, { locale: t.locale, demo: true, prefs: { onboarded: true } });
      try {
        await page.locator("#paste").waitFor();
        await nav(page, t.nav.settings);
        const inSettings = page.locator("main").getByRole("button", { name: t.leave });
        await inSettings.waitFor();
        await shot(page, lang, "settings-demo");
        await inSettings.click();
        await page.getByRole("dialog").waitFor();
        await page.keyboard.press("Escape");
        await page.getByRole("dialog").waitFor({ state: "hidden" });

        await page.locator(".demo-badge").getByRole("button", { name: t.leave }).click();
        const dialog = page.getByRole("dialog");
        await dialog.waitFor();
        await checkA11y(page, "leave-demo dialog");
        await shot(page, lang, "leave-demo");
        await dialog.getByRole("button", { name: t.confirm }).click();
        // No profile left: straight to a new one.
        await page.getByRole("heading", { name: t.newProfile }).waitFor();
        assert.equal(await page.locator(".demo-badge").count(), 0);
        assert.deepEqual(problems, []);
      } finally {
        await close();
      }
    });
  });
}

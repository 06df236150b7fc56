import { addMessages, init, locale } from "svelte-i18n";
import en from "./en";
import zh from "./zh-CN";

export const LANGUAGES = ["zh-CN", "en"] as const;
export type Language = (typeof LANGUAGES)[number];

/** Language names shown in their own language, so anyone can find theirs. */
export const LANGUAGE_NAMES: Record<Language, string> = { "zh-CN": "简体中文", en: "English" };

export const DICTIONARIES = { en, "zh-CN": zh };

/** zh-CN for any Chinese locale (zh, zh-CN, zh_TW.UTF-8…), English otherwise. */
export function languageFor(osLocale: string | null | undefined): Language {
  return osLocale?.trim().toLowerCase().startsWith("zh") ? "zh-CN" : "en";
}

let ready = false;

export function setupI18n(initial: Language): void {
  if (!ready) {
    addMessages("en", en);
    addMessages("zh-CN", zh);
    ready = true;
  }
  init({ fallbackLocale: "en", initialLocale: initial });
  applyLanguage(initial);
}

export function applyLanguage(lang: Language): void {
  locale.set(lang);
  document.documentElement.lang = lang;
}

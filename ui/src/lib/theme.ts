import type { Theme } from "./prefs";

const DARK_QUERY = "(prefers-color-scheme: dark)";

export function resolveTheme(theme: Theme, systemDark: boolean): "light" | "dark" {
  if (theme === "system") return systemDark ? "dark" : "light";
  return theme;
}

/** Applies the theme now and, for "system", whenever the OS switches. Returns the cleanup. */
export function applyTheme(theme: Theme): () => void {
  const media = window.matchMedia?.(DARK_QUERY);
  const set = () => {
    document.documentElement.dataset.theme = resolveTheme(theme, media?.matches ?? false);
  };
  set();
  if (theme !== "system" || !media) return () => {};
  media.addEventListener("change", set);
  return () => media.removeEventListener("change", set);
}

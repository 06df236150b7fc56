/// <reference types="node" />
// WCAG AA: every text colour the UI uses is at least 4.5:1 on the backgrounds it sits on, in
// both themes. The colours are read from app.css, so a palette change is checked too.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";

// Vitest hands CSS imports over empty, so the stylesheet is read as a file.
const css = readFileSync(join(__dirname, "..", "..", "src", "app.css"), "utf8");

function palette(selector: string): Record<string, string> {
  const start = css.indexOf(`${selector} {`);
  const block = css.slice(start, css.indexOf("}", start));
  return Object.fromEntries([...block.matchAll(/--([\w-]+):\s*(#[0-9a-f]{6});/gi)].map((m) => [m[1], m[2]]));
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

const PAIRS: [string, string][] = [
  ["text", "bg"],
  ["text", "surface"],
  ["text", "surface-raised"],
  ["text-muted", "bg"],
  ["text-muted", "surface"],
  ["text-muted", "track"],
  ["primary-on", "primary"],
  ["primary-on", "primary-hover"],
  ["primary-text", "surface"],
  ["primary-text", "primary-soft"],
  ["ok-text", "ok-soft"],
  ["ok-text", "surface"],
  ["warn-text", "warn-soft"],
  ["danger-text", "danger-soft"],
  ["danger-text", "surface"],
  ["text", "danger-soft"],
];

describe.each([
  ["light", ":root"],
  ["dark", ':root[data-theme="dark"]'],
])("%s theme", (_name, selector) => {
  const colours = { ...palette(":root"), ...palette(selector) };
  it.each(PAIRS)("%s on %s reaches 4.5:1", (fg, bg) => {
    expect(colours[fg], fg).toMatch(/^#/);
    expect(colours[bg], bg).toMatch(/^#/);
    expect(contrast(colours[fg], colours[bg])).toBeGreaterThanOrEqual(4.5);
  });
});

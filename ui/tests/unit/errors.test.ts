import { describe, expect, it, vi } from "vitest";
import { get } from "svelte/store";
import { _ } from "svelte-i18n";
import { render, screen } from "@testing-library/svelte";
import { AppError } from "../../src/lib/api";
import { app } from "../../src/lib/app.svelte";
import { describeError } from "../../src/lib/errors";
import { applyLanguage } from "../../src/lib/i18n";
import type { ErrorCode } from "../../src/lib/bindings";
import ErrorNotice from "../../src/components/ErrorNotice.svelte";

const err = (code: ErrorCode, message = "backend words", details: AppError["details"] = null) =>
  new AppError({ code, message, details });

describe("error messages per code", () => {
  it("give each code its own title in both languages", () => {
    const codes: ErrorCode[] = [
      "invalid_input", "auth", "clock_skew", "quota_exceeded", "rate_limited", "vendor",
      "network", "partial", "keyring", "storage", "not_found", "internal",
    ];
    for (const lang of ["en", "zh-CN"] as const) {
      applyLanguage(lang);
      const titles = codes.map((c) => describeError(err(c), get(_)).title);
      expect(new Set(titles).size, lang).toBe(codes.length);
    }
  });

  it("tell what to do about clock skew and a locked keyring", () => {
    expect(describeError(err("clock_skew"), get(_)).hint).toMatch(/automatic date and time/);
    expect(describeError(err("keyring"), get(_)).hint).toMatch(/Unlock the keyring/);
    applyLanguage("zh-CN");
    expect(describeError(err("clock_skew"), get(_)).title).toBe("这台电脑的时间不准确。");
    expect(describeError(err("keyring"), get(_)).hint).toMatch(/解锁系统凭据存储/);
  });

  it("say when a rate-limited request is retried", () => {
    const e = err("rate_limited", "slow down", { retry_after_secs: 30 });
    expect(describeError(e, get(_)).hint).toBe("CacheDesk tries again in 30 seconds.");
    expect(describeError(err("rate_limited"), get(_)).hint).toBe("CacheDesk tries again by itself shortly.");
  });

  it("keep the backend's own sentence as a detail, once", () => {
    expect(describeError(err("network", "connection refused"), get(_)).detail).toBe("connection refused");
    const vendor = describeError(err("vendor", "url not under acceleration"), get(_));
    expect(vendor.hint).toBe("url not under acceleration");
    expect(vendor.detail).toBeNull();
  });

  it("treat anything else thrown as internal", () => {
    expect(describeError(new Error("boom"), get(_)).code).toBe("internal");
    expect(describeError("strange", get(_)).detail).toBe("strange");
  });

  it("render as an alert with title and hint", () => {
    render(ErrorNotice, { error: err("auth", "InvalidAccessKeyId") });
    const alert = screen.getByRole("alert");
    expect(alert.dataset.code).toBe("auth");
    expect(alert.textContent).toContain("The vendor did not accept the keys.");
    expect(alert.textContent).toContain("InvalidAccessKeyId");
  });
});

describe("notices", () => {
  it("an error stays until closed; other notices go by themselves", async () => {
    vi.useFakeTimers();
    try {
      app.notify("error", "stays");
      app.notify("ok", "goes");
      vi.advanceTimersByTime(60_000);
      expect(app.notices.map((n) => n.text)).toEqual(["stays"]);
      app.dismiss(app.notices[0].id);
      expect(app.notices).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });
});

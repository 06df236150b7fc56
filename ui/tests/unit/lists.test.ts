import { describe, expect, it, vi } from "vitest";
import { flushSync } from "svelte";
import { endOfLocalMinute, localInputToIso } from "../../src/lib/format";
import { EMPTY_FILTERS, isFiltered, toJobFilter } from "../../src/lib/jobFilters";
import { PagedRows } from "../../src/lib/pagedRows.svelte";
import { progressParts } from "../../src/lib/progress";

describe("job filters", () => {
  it("send null for every unset control", () => {
    expect(toJobFilter(EMPTY_FILTERS)).toEqual({ query: null, profile_id: null, action: null, outcome: null, stopped: false, from: null, to: null });
    expect(isFiltered(EMPTY_FILTERS)).toBe(false);
    expect(isFiltered({ ...EMPTY_FILTERS, query: "   " })).toBe(false);
  });

  it("ask for stopped jobs apart from failed ones", () => {
    const f = toJobFilter({ ...EMPTY_FILTERS, status: "stopped" });
    expect([f.outcome, f.stopped]).toEqual([null, true]);
    expect(isFiltered({ ...EMPTY_FILTERS, status: "stopped" })).toBe(true);
  });

  it("include the whole 'to' day", () => {
    const f = toJobFilter({ ...EMPTY_FILTERS, query: " news ", action: "prefetch", status: "failed", from: "2026-11-01", to: "2026-11-02" });
    expect(f.query).toBe("news");
    expect(f.action).toBe("prefetch");
    expect(f.outcome).toBe("failed");
    expect(new Date(f.from!).getDate()).toBe(1);
    expect(new Date(f.to!).getHours()).toBe(23);
    expect(new Date(f.to!).getTime() - new Date(f.from!).getTime()).toBe(2 * 86_400_000 - 1);
  });
});

describe("paged rows", () => {
  const source = (total: number) =>
    vi.fn(async (offset: number, limit: number) => ({
      items: Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) => ({ n: offset + i })),
      total,
    }));

  it("fetch only the pages on screen, once each", async () => {
    const fetch = source(50_000);
    const rows = new PagedRows(fetch, 100);
    await rows.reset();
    expect(rows.total).toBe(50_000);
    expect(rows.at(99)).toEqual({ n: 99 });
    rows.ensure(30_010, 30_250);
    rows.ensure(30_010, 30_250);
    await vi.waitFor(() => expect(rows.at(30_250)).toEqual({ n: 30_250 }));
    expect(fetch.mock.calls.map((c) => c[0])).toEqual([0, 30_000, 30_100, 30_200]);
    expect(rows.at(20_000)).toBeUndefined();
  });

  it("patch loaded rows for live progress", async () => {
    const rows = new PagedRows(source(10), 100);
    await rows.reset();
    expect(rows.patch((r) => r.n === 3, (r) => ({ n: r.n * 100 }))).toBe(true);
    flushSync();
    expect(rows.at(3)).toEqual({ n: 300 });
    expect(rows.patch((r) => r.n === 999, (r) => r)).toBe(false);
  });

  it("drop answers that arrive after a reset", async () => {
    let release: (v: { items: { n: number }[]; total: number }) => void = () => {};
    const slow = vi.fn(() => new Promise<{ items: { n: number }[]; total: number }>((r) => (release = r)));
    const rows = new PagedRows(slow, 10);
    const first = rows.reset();
    const second = rows.reset(async () => ({ items: [{ n: 7 }], total: 1 }));
    release({ items: [{ n: 1 }], total: 99 });
    await Promise.all([first, second]);
    expect(rows.total).toBe(1);
    expect(rows.at(0)).toEqual({ n: 7 });
  });

  it("grow a total that is a lower bound as later pages are read, never shrinking it", async () => {
    // 1,150 rows match; a search counts to 1,000 or the end of the page asked for, and says
    // whether there are more.
    const matches = 1_150;
    const counted = vi.fn(async (offset: number, limit: number) => {
      const total = Math.min(matches, Math.max(1_000, offset + limit));
      const items = Array.from({ length: Math.max(0, Math.min(limit, matches - offset)) }, (_, i) => ({ n: offset + i }));
      return { items, total, more: total < matches };
    });
    const rows = new PagedRows(counted, 100);
    await rows.reset();
    expect([rows.total, rows.more]).toEqual([1_000, true]);
    rows.ensure(1_000, 1_000);
    await vi.waitFor(() => expect([rows.total, rows.more]).toEqual([1_100, true]));
    await rows.refresh();
    expect([rows.total, rows.more]).toEqual([1_100, true]);
    rows.ensure(1_100, 1_100);
    await vi.waitFor(() => expect([rows.total, rows.more]).toEqual([1_150, false]));
    await rows.refresh();
    expect([rows.total, rows.more]).toEqual([1_150, false]);
    await rows.reset();
    expect([rows.total, rows.more]).toEqual([1_000, true]);
  });

  it("keep errors for the screen to show", async () => {
    const rows = new PagedRows(async () => Promise.reject(new Error("disk")), 10);
    await rows.reset();
    expect(rows.error).toBeInstanceOf(Error);
    expect(rows.loaded).toBe(true);
  });
});

describe("progress bar", () => {
  it("splits done, failed and moving over the URLs sent, leaving skipped lines out", () => {
    const p = progressParts({ pending: 1, sending: 1, accepted: 2, uncertain: 1, completed: 4, failed: 1, rejected: 2 }, 12);
    expect(p).toEqual({ sent: 10, finished: 5, okPct: 40, badPct: 10, movingPct: 40 });
    expect(progressParts({ pending: 0, sending: 0, accepted: 0, uncertain: 0, completed: 0, failed: 0, rejected: 0 }, 0).okPct).toBe(0);
  });
});

describe("vendor history's end", () => {
  it("takes in the whole minute typed, never past now", () => {
    const minute = Date.parse(localInputToIso("2026-12-01T10:56")!);
    const later = new Date("2030-01-01T00:00:00Z");
    expect(endOfLocalMinute("2026-12-01T10:56", later)).toBe(new Date(minute + 59_999).toISOString());
    // The screen's default end is the minute it opened in: what was sent at :20 is in.
    const now = new Date(minute + 20_000);
    expect(endOfLocalMinute("2026-12-01T10:56", now)).toBe(now.toISOString());
    expect(endOfLocalMinute("")).toBeNull();
  });
});

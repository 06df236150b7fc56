// The job view's edge card shows the report as the backend chose it: the rows it lists, in its
// order, how many URLs were checked in all and when the latest was. It sorts and counts nothing
// itself (a job of 20,000 URLs brings 200 rows, not 20,000) and draws only those on screen.
import { afterEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { mockIPC, mockWindows } from "@tauri-apps/api/mocks";
import EdgeProof from "../../src/components/EdgeProof.svelte";
import { formatTime } from "../../src/lib/format";
import type { EdgeReport, EdgeUrl, EdgeVerdict, JobSummary } from "../../src/lib/bindings";

const CHECKED_AT = "2026-12-02T07:00:00Z";

const job: JobSummary = {
  id: "job-1",
  profile_id: "1",
  profile_name: "site",
  vendor: "baidu-cdn",
  action: "purge-files",
  status: "finished",
  outcome: "completed",
  created_at: "2026-12-02T06:50:00Z",
  start_at: null,
  updated_at: CHECKED_AT,
  finished_at: "2026-12-02T06:55:00Z",
  total: 20_000,
  counts: { pending: 0, sending: 0, accepted: 0, uncertain: 0, completed: 20_000, failed: 0, rejected: 0 },
  retry_of: null,
  error: null,
};

const row = (line: number, verdict: EdgeVerdict, checked_at = "2026-12-02T06:58:00Z"): EdgeUrl => ({
  line,
  url: `https://www.example.com/${line}.html`,
  verdict,
  sentence_en: `${verdict} sentence`,
  sentence_zh_cn: `${verdict} 句子`,
  checked_at,
  status: 200,
  cache: null,
  age_secs: null,
  error: null,
});

const report = (items: EdgeUrl[]): EdgeReport => ({
  job_id: job.id,
  skipped: null,
  counts: { fresh: 19_998, matches_origin: 0, stale: 2, not_cached: 0, error: 0, unknown: 0 },
  total: 20_000,
  checked_at: CHECKED_AT,
  items,
});

/** The backend's answers; `checkedAgain`: what check_edge_url answers. */
function backend(first: EdgeReport, checkedAgain: EdgeReport) {
  mockWindows("main");
  mockIPC(
    (cmd) => {
      if (cmd === "edge_report") return first;
      if (cmd === "check_edge_url") return checkedAgain;
      if (cmd === "edge_settings") return { auto_check: false, origin: null, resolve: [] };
      throw new Error(`unexpected ${cmd}`);
    },
    { shouldMockEvents: true },
  );
}

const listed = () => screen.getAllByTestId("edge-url").map((li) => Number(li.dataset.line));

afterEach(() => vi.restoreAllMocks());

describe("the edge card", () => {
  it("lists the report's rows in its order and says how many were checked, and when", async () => {
    backend(report([row(7, "stale"), row(9_000, "stale"), row(1, "fresh")]), report([]));
    render(EdgeProof, { job });
    await waitFor(() => expect(screen.getByTestId("edge-summary").textContent).toBe("19,998 fresh · 2 still stale"));
    expect(listed()).toEqual([7, 9_000, 1]);
    expect(screen.getByTestId("edge-shown").textContent?.trim()).toBe(
      "Showing 3 of 20,000 URLs, those that need a look first. Export CSV has every verdict.",
    );
    // The latest check is the report's, not the latest of the rows listed.
    expect(screen.getByText(`· checked ${formatTime(CHECKED_AT, "en")}`)).toBeTruthy();
  });

  it("shows a URL checked again where the report puts it, scrolled to", async () => {
    // happy-dom does no layout: rows 60 px tall in a 600 px box (10 on screen) that scrolls as
    // far as its rows reach, and tells the list it moved, as a browser's does.
    const height = Object.getOwnPropertyDescriptor(HTMLElement.prototype, "offsetHeight")!.get!;
    vi.spyOn(HTMLElement.prototype, "offsetHeight", "get").mockImplementation(function (this: HTMLElement) {
      return this.classList.contains("vrow") ? 60 : height.call(this);
    });
    vi.spyOn(HTMLElement.prototype, "clientHeight", "get").mockImplementation(function (this: HTMLElement) {
      return this.offsetHeight;
    });
    vi.spyOn(HTMLElement.prototype, "scrollHeight", "get").mockImplementation(function (this: HTMLElement) {
      return parseFloat(this.querySelector<HTMLElement>(".spacer")?.style.height ?? "0");
    });
    vi.spyOn(HTMLElement.prototype, "scrollTo").mockImplementation(function (this: HTMLElement, to?: ScrollToOptions | number) {
      if (typeof to === "object" && to.top !== undefined) this.scrollTop = to.top;
      this.dispatchEvent(new Event("scroll"));
    });
    const lines = Array.from({ length: 60 }, (_, i) => i + 1);
    backend(
      report(lines.map((l) => row(l, "stale"))),
      // Line 1 is fresh now: the report lists it after those that still need a look.
      report([...lines.slice(1).map((l) => row(l, "stale")), row(1, "fresh", CHECKED_AT)]),
    );
    render(EdgeProof, { job });
    await waitFor(() => expect(listed()[0]).toBe(1));
    expect(listed().length, "only the rows on screen and a few more are drawn").toBeLessThan(30);
    await fireEvent.click(within(screen.getAllByTestId("edge-url")[0]).getByTestId("edge-check-url"));
    const checkedAgain = () => screen.getAllByTestId("edge-url").find((r) => r.dataset.line === "1");
    await waitFor(() => expect(checkedAgain()?.textContent).toContain("fresh sentence"));
    // Scrolled to the end: the first rows are no longer drawn.
    expect(listed()).not.toContain(2);
  });
});

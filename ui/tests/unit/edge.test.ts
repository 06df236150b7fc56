// The job view's edge card shows the report as the backend chose it: the rows it lists, in its
// order, how many URLs were checked in all and when the latest was. It sorts and counts nothing
// itself (a job of 20,000 URLs brings 200 rows, not 20,000).
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
    const scrolled = vi.spyOn(HTMLElement.prototype, "scrollIntoView").mockImplementation(function (this: HTMLElement) {});
    backend(
      report([row(5, "stale"), row(7, "stale")]),
      // Line 7 is fresh now, past the 200 the report lists: it comes first.
      report([row(7, "fresh", CHECKED_AT), row(5, "stale")]),
    );
    render(EdgeProof, { job });
    await waitFor(() => expect(listed()).toEqual([5, 7]));
    await fireEvent.click(within(screen.getAllByTestId("edge-url")[1]).getByTestId("edge-check-url"));
    await waitFor(() => expect(listed()).toEqual([7, 5]));
    expect(screen.getAllByTestId("edge-url")[0].textContent).toContain("fresh sentence");
    expect(scrolled.mock.contexts.map((li) => (li as HTMLElement).dataset.line)).toEqual(["7"]);
  });
});

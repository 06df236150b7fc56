import { afterEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import Jobs from "../../src/screens/Jobs.svelte";
import JobDetail from "../../src/screens/JobDetail.svelte";
import VendorHistory from "../../src/screens/VendorHistory.svelte";
import { api } from "../../src/lib/api";
import { applyLanguage } from "../../src/lib/i18n";
import { quotaResetAt } from "../../src/lib/stop";
import type { StopCode } from "../../src/testing/fakeBackend";
import { app } from "../../src/lib/app.svelte";
import { installFake } from "./fake";

describe("Jobs screen", () => {
  it("lists 20,000 jobs with only the visible rows in the page", async () => {
    const { called } = await installFake({ demo: true, seedJobs: 20_000 });
    render(Jobs);
    await waitFor(() => expect(screen.getByRole("status").textContent).toBe("20,000 jobs"));
    const rows = screen.getAllByRole("listitem");
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(60);
    expect(called("list_jobs")[0].args.request).toMatchObject({ offset: 0, limit: 200 });
  });

  it("sends search and filters to list_jobs and can clear them", async () => {
    const { called } = await installFake({ demo: true, seedJobs: 300 });
    render(Jobs);
    await fireEvent.input(screen.getByLabelText("Search"), { target: { value: "Baishan" } });
    await waitFor(() => expect(screen.getByRole("status").textContent).toBe("100 jobs"));
    const last = called("list_jobs").at(-1)!.args.request as { filter: Record<string, unknown> };
    expect(last.filter).toEqual({ query: "Baishan", profile_id: null, action: null, outcome: null, stopped: false, from: null, to: null });
    await fireEvent.click(screen.getByRole("button", { name: "Clear filters" }));
    await waitFor(() => expect(screen.getByRole("status").textContent).toBe("300 jobs"));
  });

  it("says so when nothing matches", async () => {
    await installFake({ demo: true, seedJobs: 10 });
    render(Jobs);
    await fireEvent.input(screen.getByLabelText("Search"), { target: { value: "no-such-thing" } });
    expect(await screen.findByText("No job matches these filters.")).toBeTruthy();
  });
});

describe("Job detail", () => {
  it("follows progress events to the end, then retries the failed URLs", async () => {
    const { called } = await installFake({ demo: true });
    const job = await api.submitJob({
      profile_id: app.profiles[0].id,
      action: "purge-files",
      text: "https://www.example.com/a.html\nhttps://www.example.com/missing.html",
      paths: [],
      fixes: [],
      start_at: null,
    });
    render(JobDetail, { id: job.id });
    await waitFor(() => expect(screen.getByTestId("job-progress").textContent).toBe("1 done · 1 failed"));
    expect(await screen.findByText("Partly failed")).toBeTruthy();
    // The reason is a sentence that opens whole, with what the vendor recorded.
    const why = await screen.findByRole("button", { name: /^The file does not exist at the origin/, expanded: false });
    await fireEvent.click(why);
    expect(why.getAttribute("aria-expanded")).toBe("true");
    const panel = await screen.findByTestId("url-why");
    expect(panel.textContent).toContain(
      "The file does not exist at the origin (it answered 404). Check the address, or publish the file first, then retry.",
    );
    expect(panel.textContent).toContain("What was recorded: origin returned 404 Not Found");
    await fireEvent.click(why);
    expect(screen.queryByTestId("url-why")).toBeNull();
    expect(screen.getAllByText(/^task-baidu-cdn-/).length).toBeGreaterThan(1);

    await fireEvent.click(screen.getByRole("button", { name: "Retry 1 failed" }));
    await waitFor(() => expect(called("retry_failed")).toHaveLength(1));
    expect(app.screen.name === "job" && app.screen.id).not.toBe(job.id);
  });

  it("explains uncertain URLs and sends them again with the failed ones", async () => {
    const { called } = await installFake({ demo: true });
    const job = await api.submitJob({
      profile_id: app.profiles[0].id,
      action: "purge-files",
      text: "https://www.example.com/a.html\nhttps://www.example.com/lost.html\nhttps://www.example.com/missing.html",
      paths: [],
      fixes: [],
      start_at: null,
    });
    render(JobDetail, { id: job.id });
    expect((await screen.findByRole("note", {}, { timeout: 3000 })).textContent).toContain("1 URL is uncertain");
    await fireEvent.click(screen.getByRole("button", { name: "Send 2 failed and uncertain again" }));
    await waitFor(() => expect(called("retry_failed")).toHaveLength(1));
    expect(called("retry_failed")[0].args).toMatchObject({ id: job.id, withUncertain: true });
  });

  it("exports CSV to the place picked in the save dialog", async () => {
    const { called } = await installFake({ demo: true, seedJobs: 3 });
    render(JobDetail, { id: "job-h000000" });
    await fireEvent.click(await screen.findByRole("button", { name: "Export CSV" }));
    await waitFor(() => expect(called("export_job_csv")).toHaveLength(1));
    expect(called("export_job_csv")[0].args.request).toEqual({ job_id: "job-h000000", path: "/home/editor/cachedesk-export.csv" });
    await waitFor(() => expect(app.notices.at(-1)?.text).toBe("Saved 1 row to /home/editor/cachedesk-export.csv."));
  });

  it("shows a missing job as not found", async () => {
    await installFake({ demo: true });
    render(JobDetail, { id: "nope" });
    expect((await screen.findByRole("alert")).textContent).toContain("This item no longer exists.");
  });
});

async function stoppedJob(stopWith: StopCode, text = "https://www.example.com/a.html\nhttps://www.example.com/b.html") {
  const fake = await installFake({ demo: true, stopWith });
  const job = await api.submitJob({
    profile_id: app.profiles[0].id,
    action: "purge-files",
    text,
    paths: [],
    fixes: [],
    start_at: null,
  });
  render(JobDetail, { id: job.id });
  const banner = await screen.findByTestId("stop-banner", {}, { timeout: 3000 });
  return { ...fake, job, banner };
}

describe("A stopped job", () => {
  it("says the keys were refused, opens the profile, and resumes to the end once they are fixed", async () => {
    const { called, job, banner } = await stoppedJob("auth");
    expect(banner.textContent).toContain("This job has stopped: The vendor did not accept the keys.");
    expect(screen.getByTestId("stop-reason").textContent).toContain("The AccessKeyId does not exist");
    expect(screen.getByTestId("stop-fix").textContent).toContain("Enter the correct keys in the profile, then resume.");
    expect(banner.textContent).toContain("2 URLs are waiting to be sent.");
    expect(screen.getByText("Stopped")).toBeTruthy();

    await fireEvent.click(screen.getByRole("button", { name: "Edit keys" }));
    expect(app.screen).toEqual({ name: "profiles", editing: job.profile_id, returnTo: job.id });

    // Resuming with the same keys stops again, with the same banner.
    await fireEvent.click(screen.getByRole("button", { name: "Resume" }));
    await waitFor(() => expect(called("resume_job")).toHaveLength(1));
    expect(await screen.findByTestId("stop-banner", {}, { timeout: 3000 })).toBeTruthy();

    const p = app.profiles[0];
    await api.saveProfile({ ...p, credentials: { kind: "access_keys", access_key: "ak", secret_key: "sk" } });
    await fireEvent.click(screen.getByRole("button", { name: "Resume" }));
    await waitFor(() => expect(called("resume_job")).toHaveLength(2));
    await waitFor(() => expect(screen.getByTestId("job-progress").textContent).toBe("2 done"), { timeout: 3000 });
    await waitFor(() => expect(screen.getAllByText("Done").length).toBeGreaterThan(0));
    expect(screen.queryByTestId("stop-banner")).toBeNull();
  });

  it("over the quota says when it starts again, and can still be resumed", async () => {
    const { called } = await stoppedJob("quota_exceeded");
    const reset = quotaResetAt();
    expect(screen.getByTestId("stop-fix").textContent).toMatch(/^\s*Try again once the daily quota starts again, at .+\.\s*$/);
    expect(reset.getUTCHours()).toBe(16);
    await fireEvent.click(screen.getByRole("button", { name: "Resume now" }));
    await waitFor(() => expect(called("resume_job")).toHaveLength(1));
    await waitFor(() => expect(screen.getByTestId("job-progress").textContent).toBe("2 done"), { timeout: 3000 });
  });

  it("over the network asks to check it, in Chinese", async () => {
    applyLanguage("zh-CN");
    const { banner } = await stoppedJob("network");
    expect(banner.textContent).toContain("任务已停止：无法连接服务商。");
    expect(screen.getByTestId("stop-reason").textContent).toBe("无法连接服务商（connection refused）。请检查网络后重试。");
    expect(screen.getByTestId("stop-fix").textContent).toContain("请检查网络连接");
    expect(screen.getByText("已停止")).toBeTruthy();
    expect(screen.getByRole("button", { name: "继续任务" })).toBeTruthy();
  });
});

describe("URL reasons", () => {
  it("are shown in Chinese, whole, with Chinese paths decoded for reading", async () => {
    applyLanguage("zh-CN");
    await installFake({ demo: true });
    const job = await api.submitJob({
      profile_id: app.profiles[0].id,
      action: "purge-files",
      text: "https://www.example.com/活动/missing.html\nftp://www.example.com/b.zip",
      paths: [],
      fixes: [],
      start_at: null,
    });
    render(JobDetail, { id: job.id });
    const why = await screen.findByRole("button", { name: /^源站上没有这个文件/ }, { timeout: 3000 });
    expect(screen.getAllByText("https://www.example.com/活动/missing.html").length).toBeGreaterThan(0);
    await fireEvent.click(why);
    const panel = await screen.findByTestId("url-why");
    expect(panel.textContent).toContain("源站上没有这个文件（返回 404）。请检查地址，或先发布该文件，然后重试。");
    expect(panel.textContent).toContain("原始记录： origin returned 404 Not Found");
    // A line never sent reads as skipped, in a neutral colour, with its own sentence.
    const skipped = screen.getByRole("button", { name: /此行未提交。$/ });
    expect(skipped.className).toContain("reason-neutral");
  });
});

describe("Honest counts", () => {
  it("a job whose sent URLs all succeeded is done; lines never sent are skipped, not failed", async () => {
    await installFake({ demo: true });
    const job = await api.submitJob({
      profile_id: app.profiles[0].id,
      action: "purge-files",
      text: "https://www.example.com/a.html\nftp://www.example.com/b.zip\nhttps://img.other.cn/c.png",
      paths: [],
      fixes: [],
      start_at: null,
    });
    render(JobDetail, { id: job.id });
    await waitFor(() => expect(screen.getByTestId("job-progress").textContent).toBe("1 done · 2 skipped"), { timeout: 3000 });
    await waitFor(() => expect(screen.getAllByText("Done").length).toBeGreaterThan(0));
    expect(screen.queryByText("Partly failed")).toBeNull();
    expect(screen.getByRole("progressbar").getAttribute("aria-valuemax")).toBe("1");
  });

  it("says the same in Chinese", async () => {
    applyLanguage("zh-CN");
    await installFake({ demo: true });
    const job = await api.submitJob({
      profile_id: app.profiles[0].id,
      action: "purge-files",
      text: "https://www.example.com/a.html\nhttps://www.example.com/missing.html\nftp://www.example.com/b.zip",
      paths: [],
      fixes: [],
      start_at: null,
    });
    render(JobDetail, { id: job.id });
    await waitFor(() => expect(screen.getByTestId("job-progress").textContent).toBe("成功 1 · 失败 1 · 未提交 1"), { timeout: 3000 });
  });
});

describe("Vendor history", () => {
  afterEach(() => vi.useRealTimers());

  it("loads the last 7 days by itself, every page, purges then prefetches", async () => {
    // On a whole minute: the range is then exactly 7 days (its end counts up to now), and the
    // fake's records, one every two hours back from the end, are 84.
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-12-01T10:56:00Z") });
    const { called } = await installFake({ demo: true });
    render(VendorHistory);
    await waitFor(() => expect(screen.getByTestId("history-total").textContent?.trim()).toBe("84 URLs in this range · 9 failed"));
    const calls = called("vendor_history").map((c) => c.args.request as Record<string, unknown>);
    expect(calls[0]).toMatchObject({ profile_id: app.profiles[0].id, kind: null, url: null, next: null });
    const days = (Date.parse(calls[0].to as string) - Date.parse(calls[0].from as string)) / 86_400_000;
    expect(Math.round(days)).toBe(7);
    expect(calls.map((c) => c.next)).toEqual([null, "0|2", "1|"]);
    expect(screen.getByText("That's everything in this range.")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Load more" })).toBeNull();
  });

  it("refuses a range that ends before it starts", async () => {
    const { called } = await installFake({ demo: true });
    render(VendorHistory);
    await screen.findByText("That's everything in this range.");
    const before = called("vendor_history").length;
    await fireEvent.input(screen.getByLabelText("From"), { target: { value: "2026-11-20T10:00" } });
    await fireEvent.input(screen.getByLabelText("To"), { target: { value: "2026-11-19T10:00" } });
    await fireEvent.click(screen.getByRole("button", { name: "Show tasks" }));
    expect(screen.getByText("The start must be before the end.")).toBeTruthy();
    expect(called("vendor_history")).toHaveLength(before);
  });
});

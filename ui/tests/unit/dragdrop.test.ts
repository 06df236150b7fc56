import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { emit } from "@tauri-apps/api/event";
import App from "../../src/App.svelte";
import { app } from "../../src/lib/app.svelte";
import { installFake } from "./fake";

const position = { x: 10, y: 10 };

describe("files dropped on the window", () => {
  it("light up the drop zone, then land in Submit from any screen", async () => {
    const { called } = await installFake({ demo: true });
    render(App);
    await emit("tauri://drag-enter", { paths: ["/home/editor/urls.txt"], position });
    expect(await screen.findByText("Release to add the files")).toBeTruthy();

    await fireEvent.click(screen.getByRole("button", { name: "Jobs" }));
    await emit("tauri://drag-drop", { paths: ["/home/editor/春季新品.xlsx", "/home/editor/urls.txt"], position });
    await waitFor(() => expect(app.screen).toEqual({ name: "submit" }));
    expect(screen.getByText("春季新品.xlsx")).toBeTruthy();
    expect(screen.getByText("Drop .txt, .csv or .xlsx files here")).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId("count-valid").textContent).toBe("63"));
    const request = called("preview_input").at(-1)!.args.request as { paths: string[] };
    expect(request.paths).toEqual(["/home/editor/春季新品.xlsx", "/home/editor/urls.txt"]);

    await fireEvent.click(screen.getByRole("button", { name: "Remove 春季新品.xlsx" }));
    await waitFor(() => expect(screen.getByTestId("count-valid").textContent).toBe("2"));
  });

  it("keeps the draft while the editor looks at other screens", async () => {
    await installFake({ demo: true });
    render(App);
    await fireEvent.input(screen.getByLabelText("Paste URLs, one per line"), {
      target: { value: "https://www.example.com/keep.html" },
    });
    await fireEvent.click(screen.getByRole("button", { name: "Site profiles" }));
    await fireEvent.click(screen.getByRole("button", { name: "Refresh / prefetch" }));
    expect(screen.getByLabelText<HTMLTextAreaElement>("Paste URLs, one per line").value).toBe(
      "https://www.example.com/keep.html",
    );
  });
});

describe("a job that ends while the editor is elsewhere", () => {
  it("is announced with a way to open it", async () => {
    await installFake({ demo: true });
    render(App);
    await emit("job-progress", {
      job_id: "job-h000001",
      counts: { pending: 0, sending: 0, accepted: 0, uncertain: 0, completed: 9, failed: 1, rejected: 0 },
      total: 10,
      finished: true,
      stopped: false,
    });
    const notice = await screen.findByText("Job finished: 9 done · 1 failed.");
    expect(notice).toBeTruthy();
    await fireEvent.click(screen.getByRole("button", { name: "Open" }));
    expect(app.screen).toEqual({ name: "job", id: "job-h000001" });
  });
});

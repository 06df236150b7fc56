import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import Submit from "../../src/screens/Submit.svelte";
import { app } from "../../src/lib/app.svelte";
import { installFake } from "./fake";

const paste = async (text: string) =>
  fireEvent.input(screen.getByLabelText("Paste URLs, one per line"), { target: { value: text } });
const count = (id: string) => screen.getByTestId(`count-${id}`).textContent;

describe("Submit screen", () => {
  it("previews counts and rejected lines with line, text and reason", async () => {
    await installFake({ demo: true });
    render(Submit);
    await paste("https://www.example.com/a.html\nhttps://www.example.com/a.html\n\nftp://www.example.com/x\nhttps://elsewhere.org/y");
    await waitFor(() => expect(count("valid")).toBe("1"));
    expect(count("duplicates")).toBe("1");
    expect(count("rejected")).toBe("2");
    const table = screen.getByRole("table", { name: "Lines that will not be sent" });
    expect(within(table).getAllByRole("columnheader").map((h) => h.textContent)).toEqual(["Line", "Text", "Fix"]);
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows[0].textContent).toContain("4");
    expect(rows[0].textContent).toContain("ftp://www.example.com/x");
    expect(rows[0].textContent).toContain("Only http:// and https:// work");
    expect(rows[1].textContent).toContain("Domain not in this profile");
    expect(screen.getByTestId("quota").textContent?.replace(/\s+/g, " ")).toBe("Today's quota: 19,850 of 20,000 left · this job uses 1");
  });

  it("shows what is left today before anything is pasted", async () => {
    await installFake({ demo: true });
    render(Submit);
    await waitFor(() => expect(screen.getByTestId("quota").textContent).toBe("Today's quota: 19,850 of 20,000 left"));
    await fireEvent.click(screen.getByRole("radio", { name: /Purge directories/ }));
    expect(screen.getByTestId("quota").textContent).toBe("Today's quota: 195 of 200 left");
  });

  it("fixes one line or all of them", async () => {
    await installFake({ demo: true });
    render(Submit);
    app.go({ name: "submit" });
    await fireEvent.click(screen.getByRole("radio", { name: /Purge directories/ }));
    await paste("https://www.example.com/a\nwww.example.com/b/\nhttps://www.example.com/c");
    await waitFor(() => expect(count("rejected")).toBe("3"));
    await fireEvent.click(screen.getAllByRole("button", { name: "Add “/”" })[0]);
    const textarea = screen.getByLabelText<HTMLTextAreaElement>("Paste URLs, one per line");
    expect(textarea.value).toBe("https://www.example.com/a/\nwww.example.com/b/\nhttps://www.example.com/c");
    await waitFor(() => expect(count("rejected")).toBe("2"));
    await fireEvent.click(screen.getByRole("button", { name: "Fix all (2)" }));
    expect(textarea.value).toBe("https://www.example.com/a/\nhttps://www.example.com/b/\nhttps://www.example.com/c/");
    await waitFor(() => expect(count("valid")).toBe("3"));
  });

  it("asks before a directory purge and sends nothing when told to go back", async () => {
    const { called } = await installFake({ demo: true });
    render(Submit);
    await fireEvent.click(screen.getByRole("radio", { name: /Purge directories/ }));
    await paste("https://www.example.com/news/\nhttps://www.example.com/img/");
    const send = await screen.findByRole<HTMLButtonElement>("button", { name: "Send 2 URLs" });
    await waitFor(() => expect(send.disabled).toBe(false));
    await fireEvent.click(send);
    const dialog = await screen.findByRole("dialog");
    expect(dialog.textContent).toContain("Purge 2 directories?");
    await fireEvent.click(within(dialog).getByRole("button", { name: "Go back" }));
    expect(called("submit_job")).toHaveLength(0);
  });

  it("asks before more than 1,000 URLs, then submits and opens the job", async () => {
    const { called } = await installFake({ demo: true });
    render(Submit);
    await paste(Array.from({ length: 1001 }, (_, i) => `https://www.example.com/p/${i}.html`).join("\n"));
    const send = await screen.findByRole<HTMLButtonElement>("button", { name: "Send 1,001 URLs" });
    await waitFor(() => expect(send.disabled).toBe(false));
    await fireEvent.click(send);
    const dialog = await screen.findByRole("dialog");
    expect(dialog.textContent).toContain("This is a large job: 11 requests, using 1,001 of today's quota.");
    await fireEvent.click(within(dialog).getByRole("button", { name: "Send" }));
    await waitFor(() => expect(called("submit_job")).toHaveLength(1));
    expect(called("submit_job")[0].args.request).toMatchObject({ action: "purge-files", start_at: null });
    await waitFor(() => expect(app.screen.name).toBe("job"));
  });

  it("submits a small job at once with Ctrl+Enter", async () => {
    const { called } = await installFake({ demo: true });
    render(Submit);
    await paste("https://www.example.com/a.html");
    await waitFor(() => expect(screen.getByRole<HTMLButtonElement>("button", { name: "Send 1 URL" }).disabled).toBe(false));
    await fireEvent.keyDown(window, { key: "Enter", ctrlKey: true });
    await waitFor(() => expect(called("submit_job")).toHaveLength(1));
    expect(screen.queryByRole("dialog")).toBeNull();
    // The job is made by the real intake's answer: done before the next test starts.
    await waitFor(() => expect(app.screen.name).toBe("job"));
  });

  it("names a full-width colon and changes it in one click", async () => {
    await installFake({ demo: true });
    render(Submit);
    await paste("https：//www.example.com/全角.html");
    expect(await screen.findByText("Full-width colon “：” after https")).toBeTruthy();
    await fireEvent.click(screen.getByRole("button", { name: "Change “：” to “:”" }));
    await waitFor(() =>
      expect(screen.getByLabelText<HTMLTextAreaElement>("Paste URLs, one per line").value).toBe("https://www.example.com/全角.html"),
    );
  });

  it("warns about several URLs on one line and splits them", async () => {
    await installFake({ demo: true });
    render(Submit);
    await paste("https://www.example.com/a.htmlhttps://www.example.com/b.html https://www.example.com/c.html");
    expect((await screen.findByTestId("joined-urls")).textContent).toContain("1 line holds more than one URL");
    await fireEvent.click(screen.getByRole("button", { name: "Put each URL on its own line" }));
    await waitFor(() =>
      expect(screen.getByLabelText<HTMLTextAreaElement>("Paste URLs, one per line").value).toBe(
        "https://www.example.com/a.html\nhttps://www.example.com/b.html\nhttps://www.example.com/c.html",
      ),
    );
    expect(screen.queryByTestId("joined-urls")).toBeNull();
  });

  it("says which action started and counts only the URLs sent", async () => {
    await installFake({ demo: true });
    render(Submit);
    await paste("https://www.example.com/a.html\nhttps://www.example.com/b.html\nftp://www.example.com/c.zip");
    await waitFor(() => expect(screen.getByRole<HTMLButtonElement>("button", { name: "Send 2 URLs" }).disabled).toBe(false));
    await fireEvent.keyDown(window, { key: "Enter", ctrlKey: true });
    await waitFor(() => expect(app.notices.at(-1)?.text).toBe("Purge of 2 URLs started."));
  });

  it("takes text pasted anywhere on the page", async () => {
    await installFake({ demo: true });
    render(Submit);
    const event = new Event("paste", { bubbles: true, cancelable: true });
    Object.defineProperty(event, "clipboardData", { value: { getData: () => "https://www.example.com/z.html\r\n" } });
    document.body.dispatchEvent(event);
    await waitFor(() =>
      expect(screen.getByLabelText<HTMLTextAreaElement>("Paste URLs, one per line").value).toBe("https://www.example.com/z.html"),
    );
  });

  it("offers a start time only for prefetch on Baidu AI Cloud CDN, within 24 h", async () => {
    const { called } = await installFake({ demo: true });
    render(Submit);
    await fireEvent.click(screen.getByRole("radio", { name: /Prefetch/ }));
    await fireEvent.click(screen.getByRole("checkbox", { name: "Start later" }));
    const at = screen.getByLabelText("Start at");
    await fireEvent.input(at, { target: { value: "2000-01-01T10:00" } });
    await paste("https://www.example.com/a.html");
    await waitFor(() => expect(screen.getByRole<HTMLButtonElement>("button", { name: "Send 1 URL" }).disabled).toBe(false));
    await fireEvent.click(screen.getByRole("button", { name: "Send 1 URL" }));
    expect(screen.getByText("Choose a time within the next 24 hours.")).toBeTruthy();
    expect(called("submit_job")).toHaveLength(0);

  });

  it("offers no start time for Baishan", async () => {
    await installFake({ demo: true });
    app.prefs.last_profile_id = app.profiles.find((p) => p.vendor === "baishan")!.id;
    app.prefs.last_action = "prefetch";
    render(Submit);
    expect(screen.getByRole<HTMLInputElement>("radio", { name: /Prefetch/ }).checked).toBe(true);
    expect(screen.queryByRole("checkbox", { name: "Start later" })).toBeNull();
  });

  it("shows a localised error when the submission fails", async () => {
    await installFake({ demo: true }, { submit_job: { code: "rate_limited", message: "slow", details: { retry_after_secs: 12 } } });
    render(Submit);
    await paste("https://www.example.com/a.html");
    await waitFor(() => expect(screen.getByRole<HTMLButtonElement>("button", { name: "Send 1 URL" }).disabled).toBe(false));
    await fireEvent.click(screen.getByRole("button", { name: "Send 1 URL" }));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("The vendor asks us to slow down.");
    expect(alert.textContent).toContain("CacheDesk tries again in 12 seconds.");
  });
});

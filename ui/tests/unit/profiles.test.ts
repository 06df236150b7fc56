import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import Profiles from "../../src/screens/Profiles.svelte";
import { app } from "../../src/lib/app.svelte";
import { installFake } from "./fake";

describe("Profiles screen", () => {
  it("shows only the fields the chosen vendor needs", async () => {
    await installFake();
    render(Profiles, { editing: "new" });
    expect(screen.getByLabelText("Access Key (AK)").getAttribute("type")).toBe("password");
    expect(screen.getByLabelText("Secret Key (SK)").getAttribute("type")).toBe("password");
    expect(screen.queryByLabelText("GEO site ID")).toBeNull();
    expect(screen.queryByLabelText("API token")).toBeNull();

    await fireEvent.click(screen.getByRole("radio", { name: /Baidu GEO/ }));
    expect(screen.getByLabelText("GEO site ID")).toBeTruthy();

    await fireEvent.click(screen.getByRole("radio", { name: /Baishan Cloud/ }));
    expect(screen.getByLabelText("API token").getAttribute("type")).toBe("password");
    expect(screen.queryByLabelText("Access Key (AK)")).toBeNull();
    expect(screen.queryByLabelText("GEO site ID")).toBeNull();
    expect(screen.getByText("Advanced")).toBeTruthy();
    expect(screen.getByLabelText("URLs per request").getAttribute("placeholder")).toBe("500");
  });

  it("says what is missing, then sends the credentials once", async () => {
    const { called } = await installFake();
    render(Profiles, { editing: "new" });
    await fireEvent.click(screen.getByRole("button", { name: "Save profile" }));
    expect(screen.getByText("Give the profile a name.")).toBeTruthy();
    expect(screen.getByText("Add at least one domain.")).toBeTruthy();
    expect(screen.getByText("Enter both the AK and the SK.")).toBeTruthy();
    expect(called("save_profile")).toHaveLength(0);

    await fireEvent.input(screen.getByLabelText("Profile name"), { target: { value: "官网" } });
    await fireEvent.input(screen.getByLabelText("Domains this profile covers"), { target: { value: "www.example.com" } });
    await fireEvent.input(screen.getByLabelText("Access Key (AK)"), { target: { value: "ak-test-0001" } });
    await fireEvent.input(screen.getByLabelText("Secret Key (SK)"), { target: { value: "sk-test-0001" } });
    await fireEvent.click(screen.getByRole("button", { name: "Save profile" }));
    await waitFor(() => expect(called("save_profile")).toHaveLength(1));
    expect(called("save_profile")[0].args.request).toEqual({
      id: null,
      name: "官网",
      vendor: "baidu-cdn",
      endpoint: null,
      site: null,
      domains: ["www.example.com"],
      batch_size: null,
      credentials: { kind: "access_keys", access_key: "ak-test-0001", secret_key: "sk-test-0001" },
    });
    await waitFor(() => expect(app.profiles.map((p) => p.name)).toEqual(["官网"]));
    expect(app.screen).toEqual({ name: "profiles" });
  });

  it("shows a taken name on the name field, told by the backend's code", async () => {
    const { called } = await installFake({ demo: true });
    render(Profiles, { editing: "new" });
    const taken = app.profiles[0].name;
    await fireEvent.input(screen.getByLabelText("Profile name"), { target: { value: taken } });
    await fireEvent.input(screen.getByLabelText("Domains this profile covers"), { target: { value: "www.example.com" } });
    await fireEvent.input(screen.getByLabelText("Access Key (AK)"), { target: { value: "ak-test-0001" } });
    await fireEvent.input(screen.getByLabelText("Secret Key (SK)"), { target: { value: "sk-test-0001" } });
    await fireEvent.click(screen.getByRole("button", { name: "Save profile" }));
    await waitFor(() => expect(called("save_profile")).toHaveLength(1));
    const name = screen.getByLabelText("Profile name");
    await waitFor(() => expect(name.getAttribute("aria-invalid")).toBe("true"));
    expect(screen.getByText(`A profile named “${taken}” already exists. Choose another name.`)).toBeTruthy();
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("tests the connection and explains a failure", async () => {
    await installFake({ demo: true }, { test_profile: { code: "keyring", message: "locked", details: null } });
    render(Profiles);
    await fireEvent.click(screen.getAllByRole("button", { name: "Test connection" })[0]);
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("The system keyring is not available.");
    expect(alert.textContent).toContain("Unlock the keyring");
  });

  it("tests the connection and shows the quota", async () => {
    await installFake({ demo: true });
    render(Profiles);
    await fireEvent.click(screen.getAllByRole("button", { name: "Test connection" })[0]);
    expect((await screen.findByRole("status")).textContent).toContain("Today: 19850 of 20000 URL purges left.");
  });

  it("saves and tests from the form, which stays open with the answer, and says where the keys are", async () => {
    const { called } = await installFake();
    render(Profiles, { editing: "new" });
    expect(screen.getByText(/console\.bce\.baidu\.com\/iam/)).toBeTruthy();
    expect(screen.getByLabelText("Access Key (AK)").getAttribute("aria-describedby")).toBe("pf-keys-hint pf-keys-where");
    await fireEvent.input(screen.getByLabelText("Profile name"), { target: { value: "官网" } });
    await fireEvent.input(screen.getByLabelText("Domains this profile covers"), { target: { value: "www.example.com" } });
    await fireEvent.input(screen.getByLabelText("Access Key (AK)"), { target: { value: "ak" } });
    await fireEvent.input(screen.getByLabelText("Secret Key (SK)"), { target: { value: "sk" } });
    await fireEvent.click(screen.getByRole("button", { name: "Save and test connection" }));
    expect((await screen.findByTestId("form-test")).textContent).toContain("Connection works. Today: 19850 of 20000 URL purges left.");
    expect(called("test_profile")).toHaveLength(1);
    // Saving again updates the profile just made, not a second one.
    await fireEvent.click(screen.getByRole("button", { name: "Save profile" }));
    await waitFor(() => expect(called("save_profile")).toHaveLength(2));
    expect((called("save_profile")[1].args.request as { id: string | null }).id).toBe(called("test_profile")[0].args.id);
    expect(app.profiles).toHaveLength(1);
    // The notice offers the test too.
    await waitFor(() => expect(app.notices.map((n) => [n.text, n.action?.label])).toContainEqual(["Profile saved.", "Test connection"]));
  });

  it("asks for the keys again when the endpoint changes", async () => {
    await installFake({ demo: true });
    render(Profiles, { editing: app.profiles[0].id });
    expect(screen.getByText("Leave empty to keep the saved keys.")).toBeTruthy();
    await fireEvent.click(screen.getByText("Advanced"));
    await fireEvent.input(screen.getByLabelText("API endpoint"), { target: { value: "https://cdn.example.net" } });
    expect(screen.getByText("The endpoint changed: enter the keys again. Saved keys are never sent to a new address.")).toBeTruthy();
    await fireEvent.click(screen.getByRole("button", { name: "Save profile" }));
    expect(screen.getByText("Enter both the AK and the SK.")).toBeTruthy();
  });

  it("deletes only after confirmation", async () => {
    const { called } = await installFake({ demo: true });
    render(Profiles);
    await fireEvent.click(screen.getAllByRole("button", { name: "Delete" })[0]);
    const dialog = await screen.findByRole("dialog");
    expect(dialog.textContent).toContain("Delete “Demo · Baidu AI Cloud CDN”?");
    await fireEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(called("delete_profile")).toHaveLength(0);

    await fireEvent.click(screen.getAllByRole("button", { name: "Delete" })[0]);
    await fireEvent.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Delete" }));
    await waitFor(() => expect(app.profiles).toHaveLength(2));
    expect(called("delete_profile")[0].args).toEqual({ id: "p-000001" });
  });
});

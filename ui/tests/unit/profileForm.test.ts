import { describe, expect, it } from "vitest";
import { draftFrom, emptyDraft, keepsStoredKeys, toInput, validate, type Draft } from "../../src/lib/profileForm";

const draft = (over: Partial<Draft>): Draft => ({ ...emptyDraft(), name: "Site", domains: "www.example.com", ...over });

describe("profile checks", () => {
  it("need a name, domains and the vendor's credentials", () => {
    const errors = validate(emptyDraft(), false);
    expect(Object.keys(errors).sort()).toEqual(["access_key", "domains", "name"]);
  });

  it("allow any host only when asked, saved as the single domain *", () => {
    const any = draft({ domains: "", any_host: true, access_key: "a", secret_key: "s" });
    expect(validate(any, false)).toEqual({});
    expect(toInput(any).domains).toEqual(["*"]);
    const p = {
      id: "p1", uuid: "u1", name: "N", vendor: "baidu-cdn" as const, endpoint: null, site: null, domains: ["*"],
      batch_size: null, concurrency: null, has_credentials: true, demo: false, created_at: "", updated_at: "",
    };
    expect(draftFrom(p)).toMatchObject({ any_host: true, domains: "" });
    expect(draftFrom({ ...p, domains: [] }).any_host).toBe(false);
  });

  it("ask Baidu GEO for a site and Baishan for a token only", () => {
    expect(Object.keys(validate(draft({ vendor: "baidu-geo", access_key: "a", secret_key: "s" }), false))).toEqual(["site"]);
    expect(Object.keys(validate(draft({ vendor: "baishan" }), false))).toEqual(["token"]);
    expect(validate(draft({ vendor: "baishan", token: "t" }), false)).toEqual({});
  });

  it("keep the stored keys only on the same vendor and endpoint", () => {
    const p = {
      id: "p1", uuid: "u1", name: "N", vendor: "baidu-cdn" as const, endpoint: null, site: null, domains: ["a.cn"],
      batch_size: null, concurrency: null, has_credentials: true, demo: false, created_at: "", updated_at: "",
    };
    expect(keepsStoredKeys(p, draftFrom(p))).toBe(true);
    expect(keepsStoredKeys(p, { ...draftFrom(p), endpoint: " " })).toBe(true);
    expect(keepsStoredKeys(p, { ...draftFrom(p), endpoint: "https://cdn.example.net" })).toBe(false);
    expect(keepsStoredKeys(p, { ...draftFrom(p), vendor: "baishan" })).toBe(false);
    expect(keepsStoredKeys({ ...p, has_credentials: false }, draftFrom(p))).toBe(false);
    expect(keepsStoredKeys(null, draftFrom(p))).toBe(false);
  });

  it("let an edit keep the stored keys, but not half a new pair", () => {
    expect(validate(draft({}), true)).toEqual({});
    expect(Object.keys(validate(draft({ access_key: "new" }), true))).toEqual(["access_key"]);
  });

  it("check domains, endpoint and batch size", () => {
    const ok = { access_key: "a", secret_key: "s" };
    expect(validate(draft({ ...ok, domains: "*.example.com\n例子.中国" }), false)).toEqual({});
    expect(validate(draft({ ...ok, domains: "not a domain" }), false).domains?.key).toBe("profile_form.err_domain_bad");
    expect(validate(draft({ ...ok, endpoint: "http://cdn.example.com" }), false).endpoint).toBeDefined();
    expect(validate(draft({ ...ok, endpoint: "http://127.0.0.1:8080" }), false)).toEqual({});
    expect(validate(draft({ ...ok, batch_size: "101" }), false).batch_size?.values).toEqual({ n: 100 });
    expect(validate(draft({ ...ok, vendor: "baidu-geo", site: "s", batch_size: "1000" }), false)).toEqual({});
  });
});

describe("save_profile input", () => {
  it("sends only the vendor's fields and credentials", () => {
    const input = toInput(draft({ vendor: "baishan", token: " tok ", site: "ignored", access_key: "x", domains: "A.example.com, b.example.com" }));
    expect(input).toEqual({
      id: null,
      name: "Site",
      vendor: "baishan",
      endpoint: null,
      site: null,
      domains: ["a.example.com", "b.example.com"],
      batch_size: null,
      credentials: { kind: "token", token: "tok" },
    });
    expect(toInput(draft({ access_key: "ak", secret_key: "sk", batch_size: "50" }))).toMatchObject({
      credentials: { kind: "access_keys", access_key: "ak", secret_key: "sk" },
      batch_size: 50,
    });
    expect(toInput(draft({})).credentials).toBeNull();
  });

  it("round-trips a stored profile into the form without keys", () => {
    const d = draftFrom({
      id: "p1", uuid: "u1", name: "N", vendor: "baidu-geo", endpoint: null, site: "s1", domains: ["a.cn", "b.cn"],
      batch_size: 10, concurrency: null, has_credentials: true, demo: false, created_at: "", updated_at: "",
    });
    expect(d).toMatchObject({ id: "p1", site: "s1", domains: "a.cn\nb.cn", batch_size: "10", access_key: "" });
  });
});

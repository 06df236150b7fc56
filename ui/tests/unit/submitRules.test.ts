import { describe, expect, it } from "vitest";
import type { Profile, RejectedLine } from "../../src/lib/bindings";
import {
  appendPasted,
  applyFixes,
  coveringProfile,
  removeLine,
  canSubmit,
  confirmReasons,
  fixLabel,
  splitJoinedUrls,
  countLines,
  LARGE_JOB,
  quotaLine,
  replaceLine,
  scheduleIsValid,
} from "../../src/lib/submitRules";
import { canSchedule } from "../../src/lib/vendors";

const rejected = (over: Partial<RejectedLine>): RejectedLine => ({
  source: null,
  line: 1,
  job_line: 1,
  text: "x",
  reason_code: "not_a_url",
  message: "",
  fix: null,
  ...over,
});

describe("confirmation", () => {
  it("is asked for directory purges, whatever their size", () => {
    expect(confirmReasons("purge-directories", 1)).toEqual(["directories"]);
  });
  it("is asked above 1,000 URLs, not at 1,000", () => {
    expect(confirmReasons("purge-files", LARGE_JOB)).toEqual([]);
    expect(confirmReasons("purge-files", LARGE_JOB + 1)).toEqual(["large"]);
    expect(confirmReasons("prefetch", 5000)).toEqual(["large"]);
    expect(confirmReasons("purge-directories", 5000)).toEqual(["directories", "large"]);
  });
  it("is not asked for a small file purge", () => {
    expect(confirmReasons("purge-files", 20)).toEqual([]);
  });
});

describe("schedule", () => {
  const now = new Date("2026-11-22T10:00:00Z");
  it("accepts the next 24 hours only", () => {
    expect(scheduleIsValid(new Date("2026-11-22T10:30:00Z"), now)).toBe(true);
    expect(scheduleIsValid(new Date("2026-11-23T10:00:00Z"), now)).toBe(true);
    expect(scheduleIsValid(new Date("2026-11-23T10:01:00Z"), now)).toBe(false);
    expect(scheduleIsValid(new Date("2026-11-22T09:59:00Z"), now)).toBe(false);
    expect(scheduleIsValid(new Date("nonsense"), now)).toBe(false);
    expect(scheduleIsValid(null, now)).toBe(false);
  });
  it("exists for prefetch on Baidu AI Cloud CDN only", () => {
    expect(canSchedule("baidu-cdn", "prefetch")).toBe(true);
    expect(canSchedule("baidu-cdn", "purge-files")).toBe(false);
    expect(canSchedule("baidu-geo", "prefetch")).toBe(false);
    expect(canSchedule("baishan", "prefetch")).toBe(false);
  });
});

describe("quota line", () => {
  it("says what is left and warns when the job needs more", () => {
    expect(quotaLine({ kind: "url", remaining: 100, limit: 20000, needed: 50 })).toEqual({
      key: "submit.quota",
      values: { remaining: 100, limit: 20000 },
      needed: 50,
      over: false,
    });
    expect(quotaLine({ kind: "url", remaining: 10, limit: 20000, needed: 50 }).over).toBe(true);
    expect(quotaLine({ kind: "prefetch", remaining: 10, limit: null, needed: 5 }).key).toBe("submit.quota_no_limit");
    expect(quotaLine({ kind: "url", remaining: null, limit: null, needed: 5 })).toEqual({
      key: "submit.quota_unknown",
      values: {},
      needed: 5,
      over: false,
    });
  });

});

describe("submit button", () => {
  const preview = { lines: 1, valid: 1, duplicates: 0, rejected: [], sample: [], batches: 1, quota: null };
  it("needs something valid and nothing in flight", () => {
    expect(canSubmit(preview, false)).toBe(true);
    expect(canSubmit(preview, true)).toBe(false);
    expect(canSubmit({ ...preview, valid: 0 }, false)).toBe(false);
    expect(canSubmit(null, false)).toBe(false);
  });
});

describe("fixes", () => {
  it("replace one pasted line and keep the others and their line endings", () => {
    expect(replaceLine("a\r\nb\r\nc", 2, "B")).toBe("a\r\nB\r\nc");
    expect(replaceLine("a\nb", 3, "X")).toBe("a\nb");
  });

  it("edit pasted lines and send file lines as LineFix", () => {
    const out = applyFixes({ text: "https://a.example.com/dir\nok", fixes: [] }, [
      rejected({ line: 1, text: "https://a.example.com/dir", fix: "https://a.example.com/dir/" }),
      rejected({ source: "/tmp/list.xlsx", line: 7, text: "b.example.com/x", fix: "https://b.example.com/x" }),
      rejected({ source: "/tmp/list.xlsx", line: 8, fix: null }),
    ]);
    expect(out.text).toBe("https://a.example.com/dir/\nok");
    expect(out.fixes).toEqual([{ source: "/tmp/list.xlsx", line: 7, text: "https://b.example.com/x" }]);
  });

  it("replace an earlier fix of the same file line", () => {
    const first = { text: "", fixes: [{ source: "/f.csv", line: 2, text: "old" }] };
    const out = applyFixes(first, [rejected({ source: "/f.csv", line: 2, fix: "new" })]);
    expect(out.fixes).toEqual([{ source: "/f.csv", line: 2, text: "new" }]);
  });

  it("are named by what they do", () => {
    expect(fixLabel(rejected({ text: "https://a.cn/d", fix: "https://a.cn/d/" }))).toBe("submit.fix_slash");
    expect(fixLabel(rejected({ text: "a.cn/x", fix: "https://a.cn/x" }))).toBe("submit.fix_scheme");
    expect(fixLabel(rejected({ text: "HTTPS://A.CN", fix: "https://a.cn/" }))).toBe("submit.fix");
    // A full-width colon gets its own words, not "Add https://".
    expect(fixLabel(rejected({ text: "https：//a.cn/x", fix: "https://a.cn/x", reason_code: "fullwidth_colon" }))).toBe(
      "submit.fix_colon",
    );
  });
});

describe("paste anywhere", () => {
  it("adds pasted lines on a new line", () => {
    expect(appendPasted("", "a\r\nb\n")).toBe("a\nb");
    expect(appendPasted("x", "a")).toBe("x\na");
    expect(appendPasted("x\n", "a")).toBe("x\na");
    expect(appendPasted("x", "  \n")).toBe("x");
  });
});

describe("several URLs on one line", () => {
  it("are found and split, one URL per line", () => {
    const text = "https://a.cn/1.htmlhttps://a.cn/2.html https://a.cn/3.html\nhttps://a.cn/4.html\nhttps：//a.cn/5.html,https://a.cn/6";
    expect(splitJoinedUrls(text)).toEqual({
      lines: 2,
      text: "https://a.cn/1.html\nhttps://a.cn/2.html\nhttps://a.cn/3.html\nhttps://a.cn/4.html\nhttps：//a.cn/5.html,\nhttps://a.cn/6",
    });
    expect(splitJoinedUrls("https://a.cn/x?u=https://b.cn").lines).toBe(0);
    expect(splitJoinedUrls("https://a.cn/1\nhttps://a.cn/2")).toEqual({ lines: 0, text: "https://a.cn/1\nhttps://a.cn/2" });
  });

  it("finds a joined line among many, and counts lines without splitting them", () => {
    const many = Array.from({ length: 50_000 }, (_, i) => `https://a.cn/${i}.html`);
    expect(splitJoinedUrls(many.join("\n")).lines).toBe(0);
    many[40_000] += " https://a.cn/joined.html";
    expect(splitJoinedUrls(many.join("\r\n")).lines).toBe(1);
    expect(splitJoinedUrls("a.html\u3000https://a.cn/2").lines).toBe(1);
    expect([countLines(""), countLines("a"), countLines("a\n"), countLines(many.join("\n"))]).toEqual([1, 1, 2, 50_000]);
  });
});

describe("rejected lines", () => {
  const line = (source: string | null, n: number, text: string, reason_code: RejectedLine["reason_code"] = "not_a_url"): RejectedLine => ({
    source,
    line: n,
    job_line: n,
    text,
    reason_code,
    message: "",
    fix: null,
  });

  it("are removed from the text, or from a file by an empty fix", () => {
    expect(removeLine({ text: "a\nb\nc", fixes: [] }, line(null, 2, "b")).text).toBe("a\nc");
    expect(removeLine({ text: "a", fixes: [] }, line("/f.txt", 4, "x")).fixes).toEqual([{ source: "/f.txt", line: 4, text: "" }]);
  });

  it("name another profile that covers the host", () => {
    const p = (id: string, domains: string[]) => ({ id, name: id, domains }) as Profile;
    const profiles = [p("main", ["www.example.com"]), p("cn", ["*.example.cn"]), p("img", ["img.example.org"])];
    const refused = (text: string) => line(null, 1, text, "host_not_covered");
    expect(coveringProfile(refused("https://static.example.cn/a.png"), profiles, "main")?.id).toBe("cn");
    expect(coveringProfile(refused("https://example.cn/a.png"), profiles, "main")).toBeNull();
    expect(coveringProfile(refused("https://IMG.example.org./a.png"), profiles, "main")?.id).toBe("img");
    expect(coveringProfile(refused("https://img.example.org/a.png"), profiles, "img")).toBeNull();
    expect(coveringProfile(line(null, 1, "https://img.example.org/a.png"), profiles, "main")).toBeNull();
  });
});

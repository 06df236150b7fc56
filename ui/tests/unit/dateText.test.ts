import { describe, expect, it } from "vitest";
import { parseDateText, showDateText } from "../../src/lib/dateText";

describe("dates typed as text", () => {
  it("read YYYY-MM-DD with or without the time, padded", () => {
    expect(parseDateText("2026-1-5", false)).toBe("2026-01-05");
    expect(parseDateText(" 2026-11-24 9:05 ", true)).toBe("2026-11-24T09:05");
    expect(parseDateText("2026-11-24T21:30", true)).toBe("2026-11-24T21:30");
    expect(showDateText("2026-11-24T21:30")).toBe("2026-11-24 21:30");
  });

  it("refuse what is no date", () => {
    expect(parseDateText("11/24/2026", false)).toBeNull();
    expect(parseDateText("2026-02-30", false)).toBeNull();
    expect(parseDateText("2026-11-24 24:00", true)).toBeNull();
    expect(parseDateText("2026-11-24", true)).toBeNull();
  });
});

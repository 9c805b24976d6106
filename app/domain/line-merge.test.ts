import { describe, expect, it } from "vitest";
import { mergeLines } from "./line-merge";

describe("mergeLines", () => {
  const base = ["Attendance noted.", "Risk: high.", "Victim safety discussed.", "Next steps agreed."].join("\n");

  it("returns the other side when one side did not change", () => {
    expect(mergeLines(base, base, base + "\nMore.")).toEqual({ ok: true, text: base + "\nMore." });
    expect(mergeLines(base, "Mine", base)).toEqual({ ok: true, text: "Mine" });
  });

  it("merges changes to different lines", () => {
    const ours = base.replace("Risk: high.", "Risk: high (SAM, police).");
    const theirs = base.replace("Next steps agreed.", "Next steps agreed by all.");
    expect(mergeLines(base, ours, theirs)).toEqual({
      ok: true,
      text: [
        "Attendance noted.",
        "Risk: high (SAM, police).",
        "Victim safety discussed.",
        "Next steps agreed by all.",
      ].join("\n"),
    });
  });

  it("merges changes to adjacent lines", () => {
    expect(mergeLines("A\nB", "A1\nB", "A\nB1")).toEqual({ ok: true, text: "A1\nB1" });
  });

  it("keeps both when both sides add lines at the same place", () => {
    const result = mergeLines(base, base + "\nProbation: licence conditions.", base + "\nISAC: victim wants update.");
    expect(result).toEqual({ ok: true, text: base + "\nISAC: victim wants update.\nProbation: licence conditions." });
  });

  it("reports a conflict when both sides change the same line differently", () => {
    const result = mergeLines(
      base,
      base.replace("Risk: high.", "Risk: medium."),
      base.replace("Risk: high.", "Risk: very high."),
    );
    expect(result).toEqual({
      ok: false,
      conflicts: [{ base: "Risk: high.", ours: "Risk: medium.", theirs: "Risk: very high." }],
    });
  });

  it("accepts identical changes on both sides", () => {
    const edited = base.replace("Risk: high.", "Risk: medium.");
    expect(mergeLines(base, edited, edited)).toEqual({ ok: true, text: edited });
  });

  it("merges a deletion on one side with an edit elsewhere on the other", () => {
    const ours = base.replace("Attendance noted.\n", "");
    const theirs = base.replace("Next steps agreed.", "Next steps: review in 4 weeks.");
    expect(mergeLines(base, ours, theirs)).toEqual({
      ok: true,
      text: ["Risk: high.", "Victim safety discussed.", "Next steps: review in 4 weeks."].join("\n"),
    });
  });

  it("conflicts when one side deletes a line the other changed", () => {
    const result = mergeLines(
      base,
      base.replace("Risk: high.\n", ""),
      base.replace("Risk: high.", "Risk: high, escalating."),
    );
    expect(result.ok).toBe(false);
  });

  it("merges from an empty base", () => {
    expect(mergeLines("", "A", "")).toEqual({ ok: true, text: "A" });
    expect(mergeLines("", "A", "B")).toEqual({ ok: true, text: "B\nA" });
  });
});

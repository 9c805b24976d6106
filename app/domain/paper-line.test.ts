import { describe, expect, it } from "vitest";
import { paperLine } from "./paper-line";

describe("paperLine", () => {
  it("says a record's title and summary once each", () => {
    expect(paperLine("Loitering on 31 May 2026", "Loitering on 31 May 2026 at 7:50am, reported by the victim")).toBe(
      "Loitering on 31 May 2026 at 7:50am, reported by the victim",
    );
    expect(paperLine("Turned up at workplace", "Seen in the car park at 8am")).toBe(
      "Turned up at workplace: Seen in the car park at 8am",
    );
    expect(paperLine("Safety plan", "safety plan")).toBe("Safety plan");
    expect(paperLine("Safety plan", "")).toBe("Safety plan");
    expect(paperLine("Note", "Note about the note")).toBe("Note about the note");
  });
});

import { describe, expect, it } from "vitest";
import { noteEditableUntil, noteEditDecision } from "./note-edit-window";

const created = "2026-03-28T23:30:00.000Z";
const note = { authorUserId: "author", createdAt: created, retractedAt: null };
const at = (iso: string) => new Date(iso);

describe("noteEditDecision: the author's 24 hours", () => {
  it("lets the author edit straight away and up to the last millisecond before 24 hours", () => {
    expect(noteEditDecision(note, "author", at(created))).toEqual({ ok: true });
    expect(noteEditDecision(note, "author", at("2026-03-29T23:29:59.999Z"))).toEqual({ ok: true });
  });

  it("closes at exactly 24 hours, and stays closed", () => {
    expect(noteEditDecision(note, "author", at("2026-03-29T23:30:00.000Z"))).toEqual({
      ok: false,
      reason: "window_closed",
    });
    expect(noteEditDecision(note, "author", at("2026-04-10T09:00:00.000Z"))).toEqual({
      ok: false,
      reason: "window_closed",
    });
  });

  it("counts 24 elapsed hours, not a calendar day, across the clocks going forward (29 March 2026)", () => {
    // London loses an hour that night; the window is still 24 real hours.
    expect(noteEditableUntil(created).toISOString()).toBe("2026-03-29T23:30:00.000Z");
  });

  it("refuses anyone but the author, even inside the window", () => {
    expect(noteEditDecision(note, "someone-else", at(created))).toEqual({ ok: false, reason: "not_author" });
  });

  it("refuses a retracted note", () => {
    expect(
      noteEditDecision({ ...note, retractedAt: "2026-03-29T00:00:00.000Z" }, "author", at("2026-03-29T01:00:00.000Z")),
    ).toEqual({ ok: false, reason: "retracted" });
  });

  it("fails closed on an unreadable creation time", () => {
    expect(noteEditDecision({ ...note, createdAt: "not a date" }, "author", at(created))).toEqual({
      ok: false,
      reason: "window_closed",
    });
  });
});

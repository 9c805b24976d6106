import { describe, expect, it } from "vitest";
import { anonymiseBody } from "./record-disposal.server";

describe("anonymising a record's body", () => {
  it("replaces every string but events' dates, keeping numbers, yes/no answers and the shape", () => {
    const body = {
      text: "Kieran Voss waited outside 14 Mill Lane",
      method: "phone",
      occurredOn: "2026-03-01",
      dateOfBirth: "1987-09-03",
      count: 3,
      online: true,
      contacts: [{ name: "jordan", at: "2026-03-02T10:00:00.000Z" }],
    };
    expect(anonymiseBody(body)).toEqual({
      text: "[anonymised]",
      method: "[anonymised]",
      occurredOn: "2026-03-01",
      dateOfBirth: "[anonymised]",
      count: 3,
      online: true,
      contacts: [{ name: "[anonymised]", at: "2026-03-02T10:00:00.000Z" }],
    });
  });
});

// Licensed item text on a real SQLite file: loaded for one agency and one instrument version, replaced on reload,
// refused (nothing stored) when the file is wrong, and shown only to that agency's users beside our help.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { currentInstrument } from "~/instruments/index";
import { instrumentView } from "~/services/risk-assessment-views.server";
import { loadLicensedText } from "~/services/instrument-texts.server";
import { agencies, instrumentTexts, users } from "../../db/schema";
import { setupTestDb, type TestDb } from "./test-db";

let t: TestDb;
beforeAll(async () => {
  t = await setupTestDb({ seed: true });
});
afterAll(() => t.cleanup());

const agencyOf = (email: string) =>
  t.db
    .select({ id: users.agencyId })
    .from(users)
    .where(eq(users.id, t.userId(email)))
    .get()!.id;
const stored = () => t.db.select().from(instrumentTexts).all().length;

describe("licensed instrument text", () => {
  const sam = currentInstrument("sam");
  const first = sam.sections[0]!.items[0]!.id;
  const file = (
    items: Record<string, string>,
    o: Partial<{ instrument: string; version: string; licence: string }> = {},
  ) =>
    JSON.stringify({
      instrument: o.instrument ?? "sam",
      version: o.version ?? sam.version,
      licence: o.licence ?? "Synthetic licence ref 0001",
      items,
    });

  it("loads an agency's text for one version and shows it only to that agency", () => {
    const health = agencyOf("psychologist@health.concord.test");
    expect(loadLicensedText(health, file({ [first]: "Licensed wording one (synthetic)." }), "test")).toMatchObject({
      ok: true,
      items: 1,
      instrument: "sam",
    });
    expect(instrumentView(sam, health).licensedText).toEqual({ [first]: "Licensed wording one (synthetic)." });
    expect(instrumentView(sam, agencyOf("practitioner@probation.concord.test")).licensedText).toEqual({});
    // A reload replaces the version's text.
    expect(loadLicensedText(health, file({ [first]: "Licensed wording two (synthetic)." }), "test").ok).toBe(true);
    expect(instrumentView(sam, health).licensedText).toEqual({ [first]: "Licensed wording two (synthetic)." });
    expect(stored()).toBe(1);
    expect(t.auditRows().at(-1)).toMatchObject({ action: "instrument_text.load", outcome: "done" });
  });

  it("refuses a wrong file and stores nothing", () => {
    const health = agencyOf("psychologist@health.concord.test");
    const before = stored();
    for (const bad of [
      "not json",
      file({ no_such_item: "x" }),
      file({ [first]: "x" }, { version: "1999.1" }),
      file({ [first]: "x" }, { instrument: "nope" }),
      file({ [first]: "" }),
      file({ [first]: "x" }, { licence: "" }),
    ]) {
      const result = loadLicensedText(health, bad, "test");
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.errors.length).toBeGreaterThan(0);
    }
    expect(loadLicensedText("no-such-agency", file({ [first]: "x" }), "test")).toEqual({
      ok: false,
      errors: ["No such agency"],
    });
    expect(stored()).toBe(before);
    expect(t.db.select().from(agencies).all().length).toBeGreaterThan(0);
  });
});

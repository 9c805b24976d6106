import { and, eq } from "drizzle-orm";
import { audit } from "~/access/audit.server";
import { getDb } from "~/db.server";
import { parseLicensedText } from "~/instruments/licensed-text";
import { findInstrument } from "~/instruments/index";
import { agencies, instrumentTexts } from "../../db/schema";

/**
 * Loads an agency's licensed item text for one instrument version from a file's contents (replacing what it had
 * loaded for that version), in one transaction, audited. Only that agency's users see the text, beside our help.
 */
export function loadLicensedText(
  agencyId: string,
  fileContents: string,
  loadedBy: string,
  now = new Date(),
): { ok: true; items: number; instrument: string; version: string } | { ok: false; errors: string[] } {
  const db = getDb();
  if (!db.select({ id: agencies.id }).from(agencies).where(eq(agencies.id, agencyId)).get())
    return { ok: false, errors: ["No such agency"] };
  let head: { instrument?: unknown; version?: unknown };
  try {
    head = JSON.parse(fileContents) as typeof head;
  } catch {
    return { ok: false, errors: ["The file is not valid JSON"] };
  }
  const instrument = findInstrument(String(head?.instrument ?? ""), String(head?.version ?? ""));
  if (!instrument)
    return {
      ok: false,
      errors: [
        `Concord has no instrument ‘${String(head?.instrument ?? "")}’ version ‘${String(head?.version ?? "")}’`,
      ],
    };
  const parsed = parseLicensedText(instrument, fileContents);
  if (!parsed.ok) return parsed;
  const at = now.toISOString();
  db.transaction((tx) => {
    tx.delete(instrumentTexts)
      .where(
        and(
          eq(instrumentTexts.agencyId, agencyId),
          eq(instrumentTexts.instrument, instrument.code),
          eq(instrumentTexts.instrumentVersion, instrument.version),
        ),
      )
      .run();
    const rows = Object.entries(parsed.texts).map(([itemId, text]) => ({
      agencyId,
      instrument: instrument.code,
      instrumentVersion: instrument.version,
      itemId,
      text,
      licence: parsed.licence,
      loadedAt: at,
      loadedBy,
    }));
    if (rows.length) tx.insert(instrumentTexts).values(rows).run();
  });
  audit({
    actorUserId: null,
    actorAgencyId: agencyId,
    action: "instrument_text.load",
    subjectType: "Instrument",
    subjectId: `${instrument.code}@${instrument.version}`,
    outcome: "done",
    detail: { items: Object.keys(parsed.texts).length, loadedBy },
  });
  return {
    ok: true,
    items: Object.keys(parsed.texts).length,
    instrument: instrument.code,
    version: instrument.version,
  };
}

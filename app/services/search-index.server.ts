import { and, eq, gte, lt, type SQL } from "drizzle-orm";
import type { Db } from "~/db.server";
import { caseParties, caseRecords, cases, people, searchDocuments } from "../../db/schema";

type Tx = Pick<Db, "insert" | "update" | "select" | "delete">;

/**
 * Search documents whose key starts with the prefix, as a range on the key's index. Not LIKE: SQLite serves LIKE
 * from an index only for a NOCASE column, so `LIKE 'record:…:%'` read all of search_documents (2.6 million rows at
 * 100,000 cases, about half a second) on every record and case written. The prefixes end in ":", so the range ends
 * before ";", the next character.
 */
export function keysStartingWith(prefix: string): SQL {
  const end = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
  return and(gte(searchDocuments.docKey, prefix), lt(searchDocuments.docKey, end))!;
}

/**
 * Search documents carry the access envelope of what they came from, so scope() filters search like any list
 * (ADR 0012). A record gives a summary document (title and summary line: what summary access may see) and a
 * full document (its body text); a retracted record keeps only its summary document. A case gives one document
 * of case core: reference and the parties' names and aliases.
 */
export function indexRecord(tx: Tx, recordId: string): void {
  const r = tx.select().from(caseRecords).where(eq(caseRecords.id, recordId)).get();
  tx.delete(searchDocuments)
    .where(keysStartingWith(`record:${recordId}:`))
    .run();
  // A record disposed of under its retention schedule is found by nothing (decision 0051).
  if (!r || r.disposedAt) return;
  const envelope = {
    caseId: r.caseId,
    recordId: r.id,
    category: r.category,
    ownerAgencyId: r.ownerAgencyId,
    status: r.status,
    meetingId: r.meetingId,
    cavVictimConfidential: r.cavVictimConfidential,
    cavHealthConfidential: r.cavHealthConfidential,
    cavPoliceIntelligence: r.cavPoliceIntelligence,
    cavNotPerpetratorFacing: r.cavNotPerpetratorFacing,
    label: r.title,
  };
  tx.insert(searchDocuments)
    .values({ ...envelope, docKey: `record:${r.id}:summary`, level: "summary", text: `${r.title}\n${r.summary}` })
    .run();
  const full = r.retractedAt ? "" : bodyText(r.body);
  if (full)
    tx.insert(searchDocuments)
      .values({ ...envelope, docKey: `record:${r.id}:full`, level: "full", text: full })
      .run();
}

/**
 * The case-core document (reference, the parties' names and aliases) and one document per party with their
 * identifiers (PNC, nDelius, NHS), which carry the category the People page shows them under: perpetrator
 * details for a perpetrator, victim care for a victim.
 */
export function indexCase(tx: Tx, caseId: string): void {
  const c = tx
    .select({ id: cases.id, reference: cases.reference, leadAgencyId: cases.leadAgencyId })
    .from(cases)
    .where(eq(cases.id, caseId))
    .get();
  tx.delete(searchDocuments)
    .where(eq(searchDocuments.docKey, `case:${caseId}`))
    .run();
  tx.delete(searchDocuments)
    .where(keysStartingWith(`party:${caseId}:`))
    .run();
  if (!c) return;
  const parties = tx
    .select({
      personId: people.id,
      partyRole: caseParties.partyRole,
      name: people.fullName,
      aliases: people.aliases,
      identifiers: people.identifiers,
    })
    .from(caseParties)
    .innerJoin(people, eq(people.id, caseParties.personId))
    .where(eq(caseParties.caseId, caseId))
    .all();
  const names = parties.flatMap((p) => [p.name, ...parseStrings(p.aliases)]);
  tx.insert(searchDocuments)
    .values({
      docKey: `case:${caseId}`,
      caseId,
      recordId: null,
      level: "full",
      category: "case_core",
      ownerAgencyId: c.leadAgencyId,
      status: "signed_off",
      meetingId: null,
      label: c.reference,
      text: [c.reference, ...names].join("\n"),
    })
    .run();
  for (const p of parties) {
    const ids = identifierText(p.identifiers);
    if (!ids) continue;
    tx.insert(searchDocuments)
      .values({
        docKey: `party:${caseId}:${p.personId}:${p.partyRole}`,
        caseId,
        recordId: null,
        level: "full",
        category: p.partyRole === "perpetrator" ? "perpetrator" : "victim_care",
        ownerAgencyId: c.leadAgencyId,
        status: "signed_off",
        meetingId: null,
        label: p.partyRole === "perpetrator" ? "Perpetrator's identifiers" : "Victim's identifiers",
        text: ids,
      })
      .run();
  }
}

function identifierText(json: string): string {
  try {
    const v: unknown = JSON.parse(json);
    if (!v || typeof v !== "object") return "";
    return Object.entries(v as Record<string, unknown>)
      .filter(([key]) => key === "pnc" || key === "ndelius" || key === "nhs")
      .map(([, value]) => (typeof value === "string" ? value : ""))
      .filter(Boolean)
      .join("\n");
  } catch {
    return "";
  }
}

/** Re-indexes every case a person is party to (after a name or alias changes). */
export function indexPersonCases(tx: Tx, personId: string): void {
  const rows = tx
    .select({ caseId: caseParties.caseId })
    .from(caseParties)
    .where(eq(caseParties.personId, personId))
    .all();
  for (const caseId of new Set(rows.map((r) => r.caseId))) indexCase(tx, caseId);
}

/** The searchable text of a record body: every string value, in order, nested ones included. */
export function bodyText(body: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return "";
  }
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === "string") out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") Object.values(v).forEach(walk);
  };
  walk(parsed);
  return out.join("\n");
}

function parseStrings(json: string): string[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
}

import { eq } from "drizzle-orm";
import { z } from "zod";
import { asSubject, defineAbilityFor } from "~/access/ability";
import type { Actor } from "~/access/actor";
import { audit } from "~/access/audit.server";
import { notFound } from "~/access/gate.server";
import { CATEGORIES_BY_AGENCY, MANDATORY_CAVEATS } from "~/access/baseline-policy";
import { CATEGORIES, CAVEATS, MARKINGS, type Caveat, type Category } from "~/access/vocabulary";
import { getDb } from "~/db.server";
import { cases } from "../../db/schema";
import { insertCaseRecord } from "./case-record-store.server";

const textField = (name: string, max: number) =>
  z.string({ required_error: `Enter ${name}` }).trim().min(1, `Enter ${name}`).max(max, `${name[0]!.toUpperCase()}${name.slice(1)} must be ${max} characters or fewer`);

export const NewRecordSchema = z.object({
  category: z.enum(CATEGORIES, { errorMap: () => ({ message: "Select what kind of information this is" }) }),
  title: textField("a title", 120),
  summary: textField("a summary line", 200),
  text: textField("the details", 10_000),
  marking: z.enum(MARKINGS, { errorMap: () => ({ message: "Select a security marking" }) }),
  caveats: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).filter(Boolean))
    .pipe(z.array(z.enum(CAVEATS, { errorMap: () => ({ message: "Select caveats from the list" }) }))),
});

export function categoriesFor(actor: Actor): Category[] {
  return [...CATEGORIES_BY_AGENCY[actor.agencyType]];
}

/**
 * Adds a record to a case, owned by the actor's agency. The actor must be on the case team, and the category
 * must be one their agency records. Mandatory caveats are added whatever was ticked.
 */
export function createRecord(actor: Actor, caseId: string, input: z.infer<typeof NewRecordSchema>): { ok: true; id: string } | { ok: false; errors: Record<string, string> } {
  const db = getDb();
  const found = db.select({ id: cases.id }).from(cases).where(eq(cases.id, caseId)).get();
  const allowed = found && defineAbilityFor(actor).can("create", asSubject("CaseRecord", { caseId, ownerAgencyId: actor.agencyId }));
  if (!allowed) {
    audit({ actorUserId: actor.userId, actorAgencyId: actor.agencyId, action: "record.create", subjectType: "Case", subjectId: caseId, caseId: found ? caseId : null, outcome: "denied" });
    throw notFound();
  }
  if (!categoriesFor(actor).includes(input.category)) return { ok: false, errors: { category: "Select a kind of information your agency records" } };
  const id = db.transaction((tx) =>
    insertCaseRecord(tx, {
      caseId,
      kind: "note",
      category: input.category,
      ownerAgencyId: actor.agencyId,
      authorUserId: actor.userId,
      marking: input.marking,
      caveats: input.caveats,
      title: input.title,
      summary: input.summary,
      body: { text: input.text },
    }),
  );
  const caveats = new Set<Caveat>([...input.caveats, ...(MANDATORY_CAVEATS[input.category] ?? [])]);
  audit({ actorUserId: actor.userId, actorAgencyId: actor.agencyId, action: "record.create", subjectType: "CaseRecord", subjectId: id, caseId, outcome: "done", detail: { category: input.category, caveats: [...caveats].join(",") } });
  return { ok: true, id };
}

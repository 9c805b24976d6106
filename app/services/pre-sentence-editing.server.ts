import { and, asc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "~/access/actor";
import { getDb } from "~/db.server";
import { parseValues } from "~/forms/parse-form";
import { preSentenceStatements } from "../../db/schema";
import type { Tx } from "./case-record-store.server";
import { requireCase } from "./case-access.server";
import {
  auditPsr,
  checkAuthorText,
  requireOwnDraft,
  requireReport,
  requireStatement,
  touch,
  type Result,
  type Values,
} from "./pre-sentence.server";

/*
 * Editing a draft's statements (issue 17): the author changes a statement's text (a pulled statement or a
 * partner's contribution becomes "adapted from" its source, the original kept), moves it up or down within its
 * section, and (in addOwnText) inserts their own text at a position. Every change is checked for contact
 * details like new text, audited, and refused (changing nothing) for anyone but the author of a draft.
 */

const EditSchema = z.object({
  text: z
    .string({ message: "Enter the statement's text" })
    .trim()
    .min(1, "Enter the statement's text")
    .max(5000, "The statement must be 5,000 characters or fewer"),
});

export function editStatement(
  actor: Actor,
  caseId: string,
  reportId: string,
  values: Values,
  now = new Date(),
): Result {
  const c = requireCase(actor, caseId, "psr.edit");
  const row = requireReport(actor, c, reportId, "psr.edit");
  requireOwnDraft(actor, row, "psr.edit");
  const s = requireStatement(actor, row, values.statementId, "psr.edit");
  const form = parseValues(values, EditSchema);
  if (!form.ok) return { ...form, values };
  if (form.data.text === s.text) return { ok: true };
  const check = checkAuthorText(actor, row, form.data.text, "text", values);
  if (!check.ok) return check;
  const at = now.toISOString();
  getDb().transaction((tx) => {
    tx.update(preSentenceStatements)
      .set({
        text: form.data.text,
        // What the source gave is kept the first time a statement from a record or a partner is changed.
        originalText: s.origin === "own" ? null : (s.originalText ?? s.text),
        editedAt: at,
        editedBy: actor.userId,
        contactOverrideAt: check.overridden ? at : null,
        contactOverrideBy: check.overridden ? actor.userId : null,
      })
      .where(eq(preSentenceStatements.id, s.id))
      .run();
    touch(tx, row.r.id, at);
  });
  auditPsr(actor, "psr.edit", c.id, row.r.id, "done", {
    statementId: s.id,
    origin: s.origin,
    length: form.data.text.length,
  });
  if (check.overridden)
    auditPsr(actor, "psr.contact_override", c.id, row.r.id, "done", { statementId: s.id, kinds: check.overridden });
  return { ok: true };
}

function sectionStatements(tx: Tx, reportId: string, section: string) {
  return tx
    .select({ id: preSentenceStatements.id, position: preSentenceStatements.position })
    .from(preSentenceStatements)
    .where(
      and(
        eq(preSentenceStatements.reportId, reportId),
        eq(preSentenceStatements.section, section),
        isNull(preSentenceStatements.removedAt),
      ),
    )
    .orderBy(asc(preSentenceStatements.position))
    .all();
}

/** Moves a statement one place up or down within its section (it swaps places with its neighbour). */
export function moveStatement(
  actor: Actor,
  caseId: string,
  reportId: string,
  values: Values,
  now = new Date(),
): Result {
  const c = requireCase(actor, caseId, "psr.move");
  const row = requireReport(actor, c, reportId, "psr.move");
  requireOwnDraft(actor, row, "psr.move");
  const s = requireStatement(actor, row, values.statementId, "psr.move");
  const direction = values.direction === "up" ? -1 : values.direction === "down" ? 1 : 0;
  if (!direction) return { ok: false, errors: { form: "Choose whether to move the statement up or down" }, values };
  const at = now.toISOString();
  const moved = getDb().transaction((tx) => {
    const list = sectionStatements(tx, row.r.id, s.section);
    const i = list.findIndex((x) => x.id === s.id);
    const other = list[i + direction];
    if (!other) return false;
    tx.update(preSentenceStatements).set({ position: other.position }).where(eq(preSentenceStatements.id, s.id)).run();
    tx.update(preSentenceStatements).set({ position: s.position }).where(eq(preSentenceStatements.id, other.id)).run();
    touch(tx, row.r.id, at);
    return true;
  });
  if (!moved)
    return {
      ok: false,
      errors: { form: `The statement is already ${direction < 0 ? "first" : "last"} in its section` },
      values,
    };
  auditPsr(actor, "psr.move", c.id, row.r.id, "done", { statementId: s.id, direction: direction < 0 ? "up" : "down" });
  return { ok: true };
}

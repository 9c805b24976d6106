import { and, eq, isNull } from "drizzle-orm";
import type { Actor } from "~/access/actor";
import { caseRecordColumns } from "~/access/record-columns.server";
import { scope } from "~/access/scope.server";
import { getDb } from "~/db.server";
import { contactDetailsIn, type ContactDetails } from "~/domain/contact-details-check";
import { contactShapesIn, describeContactShapes, type ContactShapeMatch } from "~/domain/contact-detail-shapes";
import { caseRecords, cases } from "../../db/schema";
import { parseBody } from "./cases.server";

/*
 * The contact-details check for every text that can reach pre-sentence input (issue 17): partners' answers, the
 * author's own and edited statements, proposals. Two checks: the victim's recorded details the writer may read
 * (never overridable), and the shapes of contact details (postcodes, phone numbers, emails, "lives at 14 ...",
 * vehicle registrations) whoever they belong to, which only the author can override for a false positive.
 */

/**
 * The victim's contact details the actor may read on the case (in SQL, through the gate). Only these are checked
 * against what they type: checking text against details the writer cannot read would tell them what those are.
 */
function readableContactDetails(actor: Actor, caseId: string): ContactDetails[] {
  return getDb()
    .select({ body: caseRecords.body })
    .from(caseRecords)
    .innerJoin(cases, eq(cases.id, caseRecords.caseId))
    .where(
      and(
        eq(caseRecords.caseId, caseId),
        eq(caseRecords.category, "victim_contact"),
        isNull(caseRecords.retractedAt),
        scope(actor, "read", "CaseRecord", caseRecordColumns),
      ),
    )
    .all()
    .map((r) => {
      const b = parseBody(r.body);
      const str = (v: unknown) => (typeof v === "string" ? v : "");
      return { address: str(b.address), phone: str(b.phone), email: str(b.email), workplace: str(b.workplace) };
    });
}

const KNOWN_LABELS = {
  address: "address",
  phone: "phone number",
  email: "email address",
  workplace: "workplace",
} as const;

export type ContactCheck =
  | { ok: true; shapes: ContactShapeMatch[] }
  /** The victim's recorded details: refused outright. */
  | { ok: false; known: true; message: string; kinds: string }
  /** Shaped like contact details: refused unless the author confirms it is not (overridable). */
  | { ok: false; known: false; message: string; kinds: string; shapes: ContactShapeMatch[] };

const WHY = "Pre-sentence input goes to the court and the defence";

/**
 * Checks a text. `whose` starts the message ("Your answer", "Your text"). With `override`, shapes are let through
 * (the result lists them so the caller can audit the override); known details never are.
 */
export function checkContactDetails(
  actor: Actor,
  caseId: string,
  text: string,
  whose: string,
  override: boolean,
): ContactCheck {
  const known = contactDetailsIn(text, readableContactDetails(actor, caseId));
  if (known.length)
    return {
      ok: false,
      known: true,
      kinds: known.join(","),
      message: `${whose} contains the victim's ${known.map((k) => KNOWN_LABELS[k]).join(" and ")}. Remove it: ${WHY.toLowerCase()}`,
    };
  const shapes = contactShapesIn(text);
  if (!shapes.length || override) return { ok: true, shapes };
  return {
    ok: false,
    known: false,
    shapes,
    kinds: [...new Set(shapes.map((s) => s.kind))].join(","),
    message: `${whose} contains what looks like ${describeContactShapes(shapes)}. ${WHY}: remove it`,
  };
}

/** What the author is told about a statement whose text looks like it holds contact details (null when none). */
export function contactShapesNotice(text: string): string | null {
  const shapes = contactShapesIn(text);
  return shapes.length ? `This looks like it contains ${describeContactShapes(shapes)}` : null;
}

import { and, asc, eq, min, ne, sql } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Actor } from "~/access/actor";
import { audit } from "~/access/audit.server";
import { can, notFound } from "~/access/gate.server";
import { caseAsRecord, caseAsRecordColumns } from "~/access/record-columns.server";
import { accessLevel, withheld, type Withheld } from "~/access/redact";
import { scope } from "~/access/scope.server";
import { getDb } from "~/db.server";
import { londonDate } from "~/domain/case-lifecycle";
import { PARTY_ROLES, type PartyRole } from "~/domain/case-vocabulary";
import { formatDate } from "~/domain/dates";
import {
  IDENTIFIER_KEYS,
  IDENTIFIER_LABELS,
  IDENTIFIERS_FOR,
  isNdeliusCrn,
  isNhsNumber,
  isPncNumber,
  normaliseNhsNumber,
  parseAliases,
  type IdentifierKey,
} from "~/domain/person-identifiers";
import { normaliseIdentifier, normaliseName } from "~/domain/person-names";
import { dateField, isoToParts, withDateParts } from "~/forms/date-field";
import { personNameField } from "~/forms/fields";
import { parseValues, type FieldErrors } from "~/forms/parse-form";
import { caseParties, cases, incidents, people } from "../../db/schema";
import { canUpdateCase, requireCase, requireCaseWrite, type CaseRow } from "./case-access.server";
import { touchCase, type Tx } from "./case-record-store.server";
import { headerOf } from "./case-lifecycle.server";
import { indexCase, indexPersonCases } from "./search-index.server";

type Values = Record<string, string | string[]>;
type Failure = { ok: false; errors: FieldErrors; values: Values };

export const MAX_ALIASES = 10;
export const MAX_NAME = 120;

const identifier = (valid: (v: string) => boolean, normalise: (v: string) => string, message: string) =>
  z
    .string()
    .optional()
    .transform((v) => (v ?? "").trim())
    .refine((v) => v === "" || (v.length <= 20 && valid(v)), message)
    .transform((v) => (v ? normalise(v) : null));

const dateOfBirth = z
  .object({ day: z.string(), month: z.string(), year: z.string() })
  .transform((p, ctx): string | null => {
    if (!p.day && !p.month && !p.year) return null;
    const parsed = dateField("Date of birth", "Enter the date of birth").safeParse(p);
    if (!parsed.success) {
      ctx.addIssue({ code: "custom", message: parsed.error.issues[0]?.message ?? "Date of birth must be a real date" });
      return z.NEVER;
    }
    if (parsed.data >= londonDate()) {
      ctx.addIssue({ code: "custom", message: "Date of birth must be in the past" });
      return z.NEVER;
    }
    if (parsed.data < "1900-01-01") {
      ctx.addIssue({ code: "custom", message: "Date of birth must be after 1 January 1900" });
      return z.NEVER;
    }
    return parsed.data;
  });

const personFields = {
  fullName: personNameField,
  aliases: z
    .string()
    .optional()
    .transform((v) => parseAliases(v ?? ""))
    .refine((list) => list.length <= MAX_ALIASES, `Enter ${MAX_ALIASES} other names or fewer`)
    .refine(
      (list) => list.every((a) => a.length <= MAX_NAME),
      `Each other name must be ${MAX_NAME} characters or fewer`,
    ),
  dateOfBirth,
  pnc: identifier(
    isPncNumber,
    normaliseIdentifier,
    "Enter a PNC number in the correct format, like 87/123456X or 1987/0123456X",
  ),
  ndelius: identifier(isNdeliusCrn, normaliseIdentifier, "Enter an nDelius CRN in the correct format, like X123456"),
  nhs: identifier(isNhsNumber, normaliseNhsNumber, "Enter a real 10-digit NHS number, like 943 476 5919"),
};

const PersonSchema = z.preprocess((v) => withDateParts(v, ["dateOfBirth"]), z.object(personFields));
export const NewPartySchema = z.preprocess(
  (v) => withDateParts(v, ["dateOfBirth"]),
  z.object({
    partyRole: z.enum(PARTY_ROLES, {
      errorMap: () => ({ message: "Select whether this person is the victim or the perpetrator" }),
    }),
    ...personFields,
  }),
);
type PersonInput = z.infer<typeof PersonSchema>;

type Identifiers = Partial<Record<IdentifierKey, string>> & Record<string, unknown>;

function parseJson<T>(json: string, fallback: T, accept: (v: unknown) => boolean): T {
  try {
    const v: unknown = JSON.parse(json);
    return accept(v) ? (v as T) : fallback;
  } catch {
    return fallback;
  }
}
const identifiersOf = (json: string): Identifiers =>
  parseJson<Identifiers>(json, {}, (v) => Boolean(v) && typeof v === "object" && !Array.isArray(v));
const aliasesOf = (json: string): string[] =>
  parseJson<unknown[]>(json, [], Array.isArray).filter((a): a is string => typeof a === "string");

/** The information category of a party's date of birth and identifiers: a perpetrator's are perpetrator details, a victim's victim care. */
function categoryOf(role: PartyRole): "perpetrator" | "victim_care" {
  return role === "perpetrator" ? "perpetrator" : "victim_care";
}

/** Whether the actor sees a party's date of birth and identifiers on this case: full access to that category, as the gate decides. */
function seesDetails(actor: Actor, c: CaseRow, roles: readonly PartyRole[]): boolean {
  return roles.every((role) => accessLevel(actor, { ...caseAsRecord(c), category: categoryOf(role) }) === "full");
}

/** People whose stored identifier of this kind equals the value (stored values are normalised; older ones may have spaces). */
export function peopleWithIdentifier(tx: Tx, key: IdentifierKey, value: string, exceptPersonId?: string): string[] {
  const stored = sql`replace(replace(upper(json_extract(CASE WHEN json_valid(${people.identifiers}) THEN ${people.identifiers} ELSE '{}' END, ${`$.${key}`})), ' ', ''), '-', '')`;
  return tx
    .select({ id: people.id })
    .from(people)
    .where(and(sql`${stored} = ${value}`, exceptPersonId ? ne(people.id, exceptPersonId) : undefined))
    .all()
    .map((r) => r.id);
}

/** The earliest incident on the case (a London date), which a date of birth must come before. */
function firstIncidentOn(tx: Tx, caseId: string): string | null {
  return (
    tx
      .select({ on: min(incidents.occurredOn) })
      .from(incidents)
      .where(eq(incidents.caseId, caseId))
      .get()?.on ?? null
  );
}

function dobAfterFirstIncident(tx: Tx, caseId: string, dob: string | null): FieldErrors | null {
  const first = dob ? firstIncidentOn(tx, caseId) : null;
  return first && dob && dob >= first
    ? {
        dateOfBirth: `Date of birth must be before the first incident on this case (${formatDate(`${first}T12:00:00Z`)})`,
      }
    : null;
}

export type PartyView = {
  personId: string;
  partyRole: PartyRole;
  name: string;
  aliases: string[];
  /** Date of birth and identifiers, or who holds them when the actor may not see them. */
  details: { dateOfBirth: string | null; identifiers: Partial<Record<IdentifierKey, string>> } | Withheld;
  identifierKeys: readonly IdentifierKey[];
  /** Other cases the actor may see where this person is the perpetrator. */
  otherCases: { caseId: string; reference: string }[];
  /** For roles that may find without seeing: the person is party to cases the actor may not see. */
  knownElsewhere: boolean;
  searchQuery: string;
};

/**
 * The victims and perpetrators of a case. Names and aliases are case core; dates of birth and identifiers are
 * shown only with full access to the category (perpetrator details, or victim care for a victim), otherwise a
 * withheld marker naming the lead agency. Other cases are counted in SQL through scope(). Each person shown is
 * audited as person.view.
 */
export function casePeople(actor: Actor, caseId: string) {
  const c = requireCase(actor, caseId);
  const db = getDb();
  const rows = db
    .select({
      personId: people.id,
      partyRole: caseParties.partyRole,
      fullName: people.fullName,
      aliases: people.aliases,
      dateOfBirth: people.dateOfBirth,
      identifiers: people.identifiers,
    })
    .from(caseParties)
    .innerJoin(people, eq(people.id, caseParties.personId))
    .where(eq(caseParties.caseId, c.id))
    .orderBy(
      sql`CASE ${caseParties.partyRole} WHEN 'victim' THEN 0 ELSE 1 END`,
      asc(caseParties.addedAt),
      asc(people.fullName),
    )
    .all();
  const visibleCase = scope(actor, "read", "CaseRecord", caseAsRecordColumns);
  const mayDiscover = can(actor, "discover", "Person");

  const parties: PartyView[] = rows.map((r) => {
    const full = seesDetails(actor, c, [r.partyRole]);
    const keys = IDENTIFIERS_FOR[r.partyRole];
    const stored = identifiersOf(r.identifiers);
    const identifiers = Object.fromEntries(
      keys.filter((k) => typeof stored[k] === "string" && stored[k]).map((k) => [k, stored[k] as string]),
    );
    let otherCases: PartyView["otherCases"] = [];
    let knownElsewhere = false;
    if (r.partyRole === "perpetrator") {
      otherCases = db
        .selectDistinct({ caseId: cases.id, reference: cases.reference })
        .from(caseParties)
        .innerJoin(cases, eq(cases.id, caseParties.caseId))
        .where(
          and(
            eq(caseParties.personId, r.personId),
            eq(caseParties.partyRole, "perpetrator"),
            ne(caseParties.caseId, c.id),
            visibleCase,
          ),
        )
        .orderBy(asc(cases.reference))
        .all();
      knownElsewhere =
        mayDiscover &&
        Boolean(
          db
            .select({ one: sql`1` })
            .from(caseParties)
            .innerJoin(cases, eq(cases.id, caseParties.caseId))
            .where(and(eq(caseParties.personId, r.personId), ne(caseParties.caseId, c.id), sql`NOT (${visibleCase})`))
            .limit(1)
            .get(),
        );
    }
    audit({
      actorUserId: actor.userId,
      actorAgencyId: actor.agencyId,
      action: "person.view",
      subjectType: "Person",
      subjectId: r.personId,
      caseId: c.id,
      outcome: "allowed",
      detail: { partyRole: r.partyRole, details: full ? "full" : "withheld" },
    });
    return {
      personId: r.personId,
      partyRole: r.partyRole,
      name: r.fullName,
      aliases: aliasesOf(r.aliases),
      details: full ? { dateOfBirth: r.dateOfBirth, identifiers } : withheld(c.leadAgency),
      identifierKeys: keys,
      otherCases,
      knownElsewhere,
      // Search by an identifier the actor may see (exact), else by the name (case core).
      searchQuery: (full && (identifiers.pnc ?? identifiers.ndelius ?? identifiers.nhs)) || r.fullName,
    };
  });
  return { case: { ...headerOf(c), leadAgencyId: c.leadAgencyId }, parties, canEdit: canUpdateCase(actor, c) };
}

function requireEditableCase(actor: Actor, caseId: string, what: string): CaseRow {
  const c = requireCase(actor, caseId);
  requireCaseWrite(actor, c, canUpdateCase(actor, c), what);
  return c;
}

/** The blank "Add a victim" or "Add a perpetrator" form. */
export function newPartyForm(actor: Actor, caseId: string, role: string | null) {
  const c = requireEditableCase(actor, caseId, "person.create");
  const partyRole: PartyRole = role === "victim" ? "victim" : "perpetrator";
  return { case: headerOf(c), partyRole, identifierKeys: IDENTIFIERS_FOR[partyRole] };
}

/**
 * Adds a victim or perpetrator to a case. When a PNC, nDelius or NHS number matches a person already known,
 * that one person record is linked instead of a second being made (so serial stalking shows), keeping what is
 * recorded and adding what is new (other names, missing identifiers, a missing date of birth).
 */
export function addParty(
  actor: Actor,
  caseId: string,
  values: Values,
): { ok: true; personId: string; linked: boolean } | Failure {
  const c = requireEditableCase(actor, caseId, "person.create");
  const form = parseValues(values, NewPartySchema);
  if (!form.ok) return form;
  const { partyRole, ...input } = form.data;
  const keys = IDENTIFIERS_FOR[partyRole];
  const given = keys.filter((k) => input[k]) as IdentifierKey[];
  const db = getDb();
  const fail = (errors: FieldErrors): Failure => ({ ok: false, errors, values });

  const result = db.transaction(
    (tx): { ok: true; personId: string; linked: boolean } | Failure => {
      const dobError = dobAfterFirstIncident(tx, c.id, input.dateOfBirth);
      if (dobError) return fail(dobError);

      // Which existing person (if any) the identifiers point to; two different people is a mistake to check.
      let match: { personId: string; by: IdentifierKey } | null = null;
      for (const key of given) {
        const ids = peopleWithIdentifier(tx, key, input[key]!);
        if (ids.length > 1)
          return fail({
            [key]: `This ${IDENTIFIER_LABELS[key]} is recorded for more than one person: ask your supervisor to check the records`,
          });
        const id = ids[0];
        if (!id) continue;
        if (match && match.personId !== id)
          return fail({
            [key]: `This ${IDENTIFIER_LABELS[key]} is recorded for a different person from the ${IDENTIFIER_LABELS[match.by]}: check both`,
          });
        match ??= { personId: id, by: key };
      }

      const now = new Date().toISOString();
      let personId: string;
      if (match) {
        const p = tx.select().from(people).where(eq(people.id, match.personId)).get()!;
        const already = tx
          .select({ one: sql`1` })
          .from(caseParties)
          .where(
            and(eq(caseParties.caseId, c.id), eq(caseParties.personId, p.id), eq(caseParties.partyRole, partyRole)),
          )
          .get();
        if (already)
          return fail({
            [match.by]: `This ${IDENTIFIER_LABELS[match.by]} belongs to the person already recorded as the ${partyRole} on this case`,
          });
        const stored = identifiersOf(p.identifiers);
        for (const key of given) {
          const existing = typeof stored[key] === "string" ? normaliseIdentifier(stored[key] as string) : null;
          if (existing && existing !== input[key])
            return fail({
              [key]: `This ${IDENTIFIER_LABELS[key]} does not match the existing person record with this ${IDENTIFIER_LABELS[match.by]}: check it, or leave it blank`,
            });
        }
        if (input.dateOfBirth && p.dateOfBirth && p.dateOfBirth !== input.dateOfBirth) {
          return fail({
            dateOfBirth: `The date of birth does not match the existing person record with this ${IDENTIFIER_LABELS[match.by]}: check it, or leave it blank`,
          });
        }
        // Keep the recorded name; a different name typed here becomes another name, as do new aliases.
        const aliases = aliasesOf(p.aliases);
        const known = new Set([p.fullName, ...aliases].map(normaliseName));
        for (const name of [input.fullName, ...input.aliases]) {
          if (aliases.length >= MAX_ALIASES) break;
          if (known.has(normaliseName(name))) continue;
          known.add(normaliseName(name));
          aliases.push(name);
        }
        const identifiers = { ...stored, ...Object.fromEntries(given.map((k) => [k, input[k]])) };
        tx.update(people)
          .set({
            aliases: JSON.stringify(aliases),
            identifiers: JSON.stringify(identifiers),
            dateOfBirth: p.dateOfBirth ?? input.dateOfBirth,
          })
          .where(eq(people.id, p.id))
          .run();
        personId = p.id;
      } else {
        personId = randomUUID();
        tx.insert(people)
          .values({
            id: personId,
            fullName: input.fullName,
            searchName: normaliseName(input.fullName),
            dateOfBirth: input.dateOfBirth,
            identifiers: JSON.stringify(Object.fromEntries(given.map((k) => [k, input[k]]))),
            aliases: JSON.stringify(input.aliases),
            createdBy: actor.userId,
            createdAt: now,
          })
          .run();
      }
      tx.insert(caseParties).values({ caseId: c.id, personId, partyRole, addedAt: now }).run();
      touchCase(tx, c.id, now);
      // A linked person's new names reach every case they are party to; this case is among them.
      if (match) indexPersonCases(tx, personId);
      else indexCase(tx, c.id);
      return { ok: true, personId, linked: Boolean(match) };
    },
    { behavior: "immediate" },
  );

  if (!result.ok) {
    audit({
      actorUserId: actor.userId,
      actorAgencyId: actor.agencyId,
      action: "person.create",
      subjectType: "Case",
      subjectId: c.id,
      caseId: c.id,
      outcome: "failed",
      detail: { fields: Object.keys(result.errors).join(",") },
    });
    return result;
  }
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: result.linked ? "person.link" : "person.create",
    subjectType: "Person",
    subjectId: result.personId,
    caseId: c.id,
    outcome: "done",
    detail: { partyRole },
  });
  return result;
}

/** A person on this case, with the roles they have in it, or 404 (audited) for anyone else. */
function requireParty(actor: Actor, c: CaseRow, personId: string, what: string) {
  const db = getDb();
  const roles = db
    .select({ role: caseParties.partyRole })
    .from(caseParties)
    .where(and(eq(caseParties.caseId, c.id), eq(caseParties.personId, personId)))
    .all()
    .map((r) => r.role);
  const p = roles.length ? db.select().from(people).where(eq(people.id, personId)).get() : undefined;
  if (!p) {
    audit({
      actorUserId: actor.userId,
      actorAgencyId: actor.agencyId,
      action: what,
      subjectType: "Person",
      subjectId: personId.slice(0, 64),
      caseId: c.id,
      outcome: "denied",
      detail: { reason: "not_party" },
    });
    throw notFound();
  }
  const keys = IDENTIFIER_KEYS.filter((k) => roles.some((r) => IDENTIFIERS_FOR[r].includes(k)));
  return { p, roles, keys, full: seesDetails(actor, c, roles) };
}

/** The "Change person's details" form, filled in with what the actor may see. */
export function editPartyForm(actor: Actor, caseId: string, personId: string) {
  const c = requireEditableCase(actor, caseId, "person.update");
  const { p, roles, keys, full } = requireParty(actor, c, personId, "person.update");
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "person.view",
    subjectType: "Person",
    subjectId: p.id,
    caseId: c.id,
    outcome: "allowed",
    detail: { partyRole: roles.join(","), details: full ? "full" : "withheld", form: true },
  });
  const identifiers = identifiersOf(p.identifiers);
  const values: Record<string, string> = { fullName: p.fullName, aliases: aliasesOf(p.aliases).join("\n") };
  if (full) {
    if (p.dateOfBirth) {
      const parts = isoToParts(p.dateOfBirth);
      Object.assign(values, {
        "dateOfBirth-day": parts.day,
        "dateOfBirth-month": parts.month,
        "dateOfBirth-year": parts.year,
      });
    }
    for (const k of keys) if (typeof identifiers[k] === "string") values[k] = identifiers[k] as string;
  }
  return { case: headerOf(c), personId: p.id, roles, identifierKeys: full ? keys : [], canChangeDetails: full, values };
}

/**
 * Changes a person's record (which every case they are party to shares). The date of birth and identifiers
 * change only for someone who may see them; an identifier already on a different person is refused.
 */
export function updateParty(
  actor: Actor,
  caseId: string,
  personId: string,
  values: Values,
): { ok: true; changed: string[] } | Failure {
  const c = requireEditableCase(actor, caseId, "person.update");
  const { p, keys, full } = requireParty(actor, c, personId, "person.update");
  const form = parseValues(values, PersonSchema);
  if (!form.ok) return form;
  const input: PersonInput = form.data;
  const db = getDb();
  const result = db.transaction(
    (tx): { ok: true; changed: string[] } | Failure => {
      const stored = identifiersOf(p.identifiers);
      const next: Record<string, unknown> = { fullName: input.fullName, aliases: input.aliases };
      const identifiers: Identifiers = { ...stored };
      if (full) {
        const dobError = dobAfterFirstIncident(tx, c.id, input.dateOfBirth);
        if (dobError) return { ok: false, errors: dobError, values };
        for (const k of keys) {
          const v = input[k];
          if (v && peopleWithIdentifier(tx, k, v, p.id).length)
            return {
              ok: false,
              errors: { [k]: `This ${IDENTIFIER_LABELS[k]} is already recorded for a different person` },
              values,
            };
          if (v) identifiers[k] = v;
          else delete identifiers[k];
        }
        next.dateOfBirth = input.dateOfBirth;
      }
      const before: Record<string, unknown> = {
        fullName: p.fullName,
        aliases: aliasesOf(p.aliases),
        dateOfBirth: p.dateOfBirth,
      };
      const changed = Object.keys(next).filter((k) => JSON.stringify(next[k]) !== JSON.stringify(before[k]));
      if (full) for (const k of keys) if ((stored[k] ?? null) !== (identifiers[k] ?? null)) changed.push(k);
      if (!changed.length) return { ok: true, changed };
      tx.update(people)
        .set({
          fullName: input.fullName,
          searchName: normaliseName(input.fullName),
          aliases: JSON.stringify(input.aliases),
          ...(full ? { dateOfBirth: input.dateOfBirth, identifiers: JSON.stringify(identifiers) } : {}),
        })
        .where(eq(people.id, p.id))
        .run();
      touchCase(tx, c.id);
      if (changed.some((k) => k === "fullName" || k === "aliases" || (keys as readonly string[]).includes(k)))
        indexPersonCases(tx, p.id);
      return { ok: true, changed };
    },
    { behavior: "immediate" },
  );
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "person.update",
    subjectType: "Person",
    subjectId: p.id,
    caseId: c.id,
    outcome: result.ok ? "done" : "failed",
    detail: { fields: result.ok ? result.changed.join(",") : Object.keys(result.errors).join(",") },
  });
  return result;
}

export type DefendantDetails =
  { name: string; dateOfBirth: string | null; pnc: string | null } | { name: string; withheld: Withheld };

/**
 * The case's perpetrators as a court report's header names them (issue 17): the name (case core), and the date of
 * birth and PNC number only for an actor with full access to perpetrator details, as the gate decides; otherwise
 * who holds them. Not audited here: the pre-sentence view that shows them is.
 */
export function defendantsOf(actor: Actor, c: CaseRow): DefendantDetails[] {
  const full = seesDetails(actor, c, ["perpetrator"]);
  return getDb()
    .select({ fullName: people.fullName, dateOfBirth: people.dateOfBirth, identifiers: people.identifiers })
    .from(caseParties)
    .innerJoin(people, eq(people.id, caseParties.personId))
    .where(and(eq(caseParties.caseId, c.id), eq(caseParties.partyRole, "perpetrator")))
    .orderBy(asc(caseParties.addedAt), asc(people.fullName))
    .all()
    .map((r) => {
      const pnc = identifiersOf(r.identifiers).pnc;
      return full
        ? { name: r.fullName, dateOfBirth: r.dateOfBirth, pnc: typeof pnc === "string" && pnc ? pnc : null }
        : { name: r.fullName, withheld: withheld(c.leadAgency) };
    });
}

import { and, eq, exists, inArray, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "~/access/actor";
import { audit } from "~/access/audit.server";
import { authorize, can } from "~/access/gate.server";
import { caseAsRecordColumns } from "~/access/record-columns.server";
import { scope } from "~/access/scope.server";
import {
  LIST_IDENTIFIER_KEYS,
  nameSearchWords,
  normaliseIdentifier,
  SINGLE_IDENTIFIER_KEYS,
} from "~/domain/person-names";
import { parseValues, type FieldErrors } from "~/forms/parse-form";
import { getDb } from "~/db.server";
import { agencies, caseParties, caseRecords, cases, people } from "../../db/schema";

/** At most this many people are shown for one search; more means the search should be narrower. */
export const PERSON_SEARCH_LIMIT = 20;

export const PersonSearchSchema = z.object({
  q: z
    .string({ required_error: "Enter a name or an identifier to search for" })
    .trim()
    .min(1, "Enter a name or an identifier to search for")
    .min(2, "Enter at least 2 characters")
    .max(100, "Search for 100 characters or fewer"),
});

export type HeldBy = { agencyId: string; agencyName: string };

/** A person the actor may see in at least one case: their name and links to those cases. */
export type VisiblePerson = {
  kind: "visible";
  personId: string;
  name: string;
  cases: { caseId: string; reference: string; partyRole: "victim" | "perpetrator" }[];
  /** Cases the actor cannot see, described as for an unseen person (null when there are none). */
  elsewhere: Unseen | null;
};

/** What find-without-seeing shows: that the person is known, and which agencies hold records. Nothing else. */
export type Unseen = {
  heldBy: HeldBy[];
  /** Cases the actor may ask for emergency access to: an opaque id and the lead agency only. */
  emergency: { caseId: string; leadAgency: string }[];
};
export type UnseenPerson = { kind: "known"; personId: string } & Unseen;
export type PersonResult = VisiblePerson | UnseenPerson;

export type PersonSearchResult =
  | { ok: true; results: PersonResult[]; more: boolean; canRequestAccess: boolean; canBreakGlass: boolean }
  | { ok: false; errors: FieldErrors };

/** "This actor may see this case" in SQL: the case core, through the one gate. Needs `cases` in the query. */
function caseVisible(actor: Actor): SQL {
  return scope(actor, "read", "CaseRecord", caseAsRecordColumns);
}

/** Every word of the query starts a word of the normalised name (LIKE on search_name; words hold only a-z and 0-9). */
export function nameMatches(words: string[]): SQL | undefined {
  if (!words.length) return undefined;
  return and(...words.map((w) => sql`(' ' || ${people.searchName}) LIKE ${`% ${w}%`}`));
}

/** The query equals one identifier value exactly (ignoring case and spaces). Malformed JSON matches nothing. */
export function identifierMatches(query: string): SQL {
  const value = normaliseIdentifier(query);
  const keys = [...SINGLE_IDENTIFIER_KEYS.map((k) => `$.${k}`)];
  const listKeys = LIST_IDENTIFIER_KEYS.map((k) => sql`t.fullkey LIKE ${`$.${k}[%`}`);
  return sql`EXISTS (SELECT 1 FROM json_tree(CASE WHEN json_valid(${people.identifiers}) THEN ${people.identifiers} ELSE '{}' END) AS t
    WHERE t.type = 'text' AND (t.fullkey IN (${sql.join(
      keys.map((k) => sql`${k}`),
      sql`, `,
    )}) OR ${sql.join(listKeys, sql` OR `)})
      AND replace(replace(replace(upper(t.value), ' ', ''), char(9), ''), char(10), '') = ${value})`;
}

/**
 * Find without seeing (DOMAIN.md "Lessons"). For each person matching a name or an identifier: the cases the
 * actor may see (filtered by scope() in SQL) with links; for the cases they may not see, only that the person
 * is known and which agencies hold records (lead agencies and owners of records), never a reference, a date of
 * birth, a role in the case or any content. The audit entry holds the number of results, never the query.
 */
export function findPeople(actor: Actor, query: string): PersonSearchResult {
  authorize(actor, "discover", "Person");
  const form = parseValues({ q: query }, PersonSearchSchema);
  if (!form.ok) return { ok: false, errors: form.errors };
  const q = form.data.q;
  const db = getDb();

  const matched = db
    .select({ id: people.id })
    .from(people)
    .where(
      and(
        or(nameMatches(nameSearchWords(q)), identifierMatches(q)),
        exists(
          db
            .select({ one: sql`1` })
            .from(caseParties)
            .where(eq(caseParties.personId, people.id)),
        ),
      ),
    )
    .orderBy(people.id)
    .limit(PERSON_SEARCH_LIMIT + 1)
    .all()
    .map((r) => r.id);
  const more = matched.length > PERSON_SEARCH_LIMIT;
  const ids = matched.slice(0, PERSON_SEARCH_LIMIT);

  const results = ids.length ? describePeople(actor, ids) : [];
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "person.search",
    subjectType: "Person",
    outcome: "allowed",
    detail: { results: results.length, more },
  });
  return {
    ok: true,
    results,
    more,
    canRequestAccess: can(actor, "request", "AccessRequest"),
    canBreakGlass: can(actor, "request", "BreakGlassGrant"),
  };
}

function describePeople(actor: Actor, ids: string[]): PersonResult[] {
  const db = getDb();
  const visible = caseVisible(actor);
  // Columns the actor may not see come back as NULL from SQL, so they never reach this process for hidden cases.
  const parties = db
    .select({
      personId: caseParties.personId,
      caseId: cases.id,
      visible: sql<number>`CASE WHEN ${visible} THEN 1 ELSE 0 END`,
      reference: sql<string | null>`CASE WHEN ${visible} THEN ${cases.reference} END`,
      partyRole: sql<"victim" | "perpetrator" | null>`CASE WHEN ${visible} THEN ${caseParties.partyRole} END`,
      name: sql<string | null>`CASE WHEN ${visible} THEN ${people.fullName} END`,
      leadAgencyId: cases.leadAgencyId,
      leadAgency: agencies.name,
    })
    .from(caseParties)
    .innerJoin(cases, eq(cases.id, caseParties.caseId))
    .innerJoin(people, eq(people.id, caseParties.personId))
    .innerJoin(agencies, eq(agencies.id, cases.leadAgencyId))
    .where(inArray(caseParties.personId, ids))
    .orderBy(caseParties.personId, cases.createdAt, cases.id)
    .all();

  const hiddenCaseIds = [...new Set(parties.filter((p) => !p.visible).map((p) => p.caseId))];
  const owners = hiddenCaseIds.length
    ? db
        .selectDistinct({ caseId: caseRecords.caseId, agencyId: agencies.id, agencyName: agencies.name })
        .from(caseRecords)
        .innerJoin(agencies, eq(agencies.id, caseRecords.ownerAgencyId))
        .where(inArray(caseRecords.caseId, hiddenCaseIds))
        .all()
    : [];

  const results: PersonResult[] = [];
  for (const personId of ids) {
    const rows = parties.filter((p) => p.personId === personId);
    const seen = rows.filter((p) => p.visible && p.reference && p.partyRole);
    const hidden = rows.filter((p) => !p.visible);
    let unseen: Unseen | null = null;
    if (hidden.length) {
      const heldBy = new Map<string, string>();
      for (const h of hidden) {
        heldBy.set(h.leadAgencyId, h.leadAgency);
        for (const o of owners) if (o.caseId === h.caseId) heldBy.set(o.agencyId, o.agencyName);
      }
      unseen = {
        heldBy: [...heldBy]
          .map(([agencyId, agencyName]) => ({ agencyId, agencyName }))
          .sort((a, b) => a.agencyName.localeCompare(b.agencyName)),
        emergency: [...new Map(hidden.map((h) => [h.caseId, h.leadAgency]))].map(([caseId, leadAgency]) => ({
          caseId,
          leadAgency,
        })),
      };
    }
    if (seen.length) {
      const byCase = new Map(
        seen.map((s) => [
          `${s.caseId}:${s.partyRole}`,
          { caseId: s.caseId, reference: s.reference!, partyRole: s.partyRole! },
        ]),
      );
      results.push({
        kind: "visible",
        personId,
        name: seen[0]!.name ?? "",
        cases: [...byCase.values()],
        elsewhere: unseen,
      });
    } else if (unseen) {
      results.push({ kind: "known", personId, ...unseen });
    }
  }
  // People the actor may see first; the rest in a fixed order that says nothing about them.
  return [...results.filter((r) => r.kind === "visible"), ...results.filter((r) => r.kind === "known")];
}

/**
 * The cases of one person that the actor may not see and where an agency holds records (it leads the case or
 * owns a record on it), decided in SQL. What an access request from the search is made for.
 */
export function hiddenCasesHeldBy(actor: Actor, personId: string, agencyId: string): string[] {
  const db = getDb();
  return db
    .selectDistinct({ caseId: cases.id })
    .from(caseParties)
    .innerJoin(cases, eq(cases.id, caseParties.caseId))
    .where(
      and(
        eq(caseParties.personId, personId),
        sql`NOT (${caseVisible(actor)})`,
        or(
          eq(cases.leadAgencyId, agencyId),
          exists(
            db
              .select({ one: sql`1` })
              .from(caseRecords)
              .where(and(eq(caseRecords.caseId, cases.id), eq(caseRecords.ownerAgencyId, agencyId))),
          ),
        ),
      ),
    )
    .orderBy(cases.id)
    .all()
    .map((r) => r.caseId);
}

/** The empty search page: only for actors who may discover people (403, audited, for anyone else). */
export function personSearchForm(actor: Actor): { canRequestAccess: boolean; canBreakGlass: boolean } {
  authorize(actor, "discover", "Person");
  return {
    canRequestAccess: can(actor, "request", "AccessRequest"),
    canBreakGlass: can(actor, "request", "BreakGlassGrant"),
  };
}

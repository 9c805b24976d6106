import { asc, eq, sql } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Actor } from "~/access/actor";
import { audit } from "~/access/audit.server";
import { authorize, authorizeNamed, can } from "~/access/gate.server";
import { scope } from "~/access/scope.server";
import { getDb } from "~/db.server";
import { AGENCY_TYPES } from "~/domain/agencies";
import { agencies, teams, users } from "../../db/schema";
import { ensureDefaultSchedules } from "./retention-schedules.server";

export const NewAgencySchema = z.object({
  name: z
    .string({ required_error: "Enter the agency's name" })
    .trim()
    .min(1, "Enter the agency's name")
    .max(120, "Agency name must be 120 characters or fewer"),
  type: z.enum(AGENCY_TYPES, { errorMap: () => ({ message: "Select the type of agency" }) }),
});

/** Agencies the actor may see: all of the partnership for a system administrator, their own for an agency administrator. */
export function listAgencies(actor: Actor) {
  authorize(actor, "manage", "Agency");
  const db = getDb();
  const rows = db
    .select({
      id: agencies.id,
      name: agencies.name,
      type: agencies.type,
      partnershipId: agencies.partnershipId,
      people: sql<number>`(select count(*) from ${users} where ${users.agencyId} = ${agencies.id})`,
    })
    .from(agencies)
    .where(scope(actor, "read", "Agency", { id: agencies.id, partnershipId: agencies.partnershipId }))
    .orderBy(asc(agencies.name))
    .all();
  return rows;
}

export function getAgency(actor: Actor, agencyId: string) {
  const agency = getDb().select().from(agencies).where(eq(agencies.id, agencyId)).get();
  if (!agency) throw new Response("Not found", { status: 404 });
  authorizeNamed(actor, "read", "Agency", { id: agency.id, partnershipId: agency.partnershipId });
  const agencyTeams = getDb()
    .select({ id: teams.id, name: teams.name })
    .from(teams)
    .where(eq(teams.agencyId, agencyId))
    .orderBy(asc(teams.name))
    .all();
  return { ...agency, teams: agencyTeams };
}

export function assertCanCreateAgency(actor: Actor): void {
  authorize(actor, "create", "Agency");
}

export function createAgency(
  actor: Actor,
  input: z.infer<typeof NewAgencySchema>,
): { ok: true; id: string } | { ok: false; errors: Record<string, string> } {
  authorize(actor, "create", "Agency");
  const db = getDb();
  const partnershipId = actor.partnershipId;
  const clash = db
    .select({ id: agencies.id })
    .from(agencies)
    .where(sql`lower(${agencies.name}) = lower(${input.name})`)
    .get();
  if (clash) return { ok: false, errors: { name: "An agency with this name already exists" } };
  const id = randomUUID();
  db.insert(agencies).values({ id, partnershipId, name: input.name, type: input.type }).run();
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "agency.create",
    outcome: "done",
    subjectType: "Agency",
    subjectId: id,
    detail: { type: input.type },
  });
  // The new agency's records are under the partnership's default retention schedules from the start (decision 0051).
  ensureDefaultSchedules(db);
  return { ok: true, id };
}

export const NewTeamSchema = z.object({
  teamName: z
    .string({ required_error: "Enter the team's name" })
    .trim()
    .min(1, "Enter the team's name")
    .max(80, "Team name must be 80 characters or fewer"),
});

/** Adds a team to an agency: its own agency administrator, or a system administrator. */
export function createTeam(
  actor: Actor,
  agencyId: string,
  input: z.infer<typeof NewTeamSchema>,
): { ok: true; id: string } | { ok: false; errors: Record<string, string> } {
  const db = getDb();
  const agency = db.select().from(agencies).where(eq(agencies.id, agencyId)).get();
  if (!agency) throw new Response("Not found", { status: 404 });
  authorizeNamed(actor, "update", "Agency", { id: agency.id, partnershipId: agency.partnershipId });
  const clash = db
    .select({ id: teams.id })
    .from(teams)
    .where(sql`${teams.agencyId} = ${agencyId} and lower(${teams.name}) = lower(${input.teamName})`)
    .get();
  if (clash) return { ok: false, errors: { teamName: "This agency already has a team with this name" } };
  const id = randomUUID();
  db.insert(teams).values({ id, agencyId, name: input.teamName }).run();
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "team.create",
    outcome: "done",
    subjectType: "Agency",
    subjectId: agencyId,
    detail: { teamId: id },
  });
  return { ok: true, id };
}

export function canManageTeams(actor: Actor, agencyId: string): boolean {
  return can(actor, "update", "Agency", { id: agencyId });
}

import { and, asc, eq, inArray, ne } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Actor } from "~/access/actor";
import { audit } from "~/access/audit.server";
import { authorizeNamed } from "~/access/gate.server";
import { scope } from "~/access/scope.server";
import { getDb } from "~/db.server";
import { isRole, type Role } from "~/domain/roles";
import { emailField, personNameField } from "~/forms/fields";
import { agencies, teams, userRoles, users } from "../../db/schema";
import { clearSecondFactor } from "./mfa.server";
import { issuePasswordLink } from "./password-links.server";
import { endAllSessions } from "./sessions.server";
import { clearSignInLimits } from "./sign-in-limits.server";
import { rolesAssignableBy } from "~/access/workflow-roles";

export const NewUserSchema = z.object({
  name: personNameField,
  email: emailField,
  teamId: z
    .string()
    .trim()
    .max(64)
    .optional()
    .transform((v) => v || undefined),
  roles: z
    .union([z.string(), z.array(z.string())], { errorMap: () => ({ message: "Select at least one role" }) })
    .transform((v) => (Array.isArray(v) ? v : [v]).filter(Boolean))
    .pipe(
      z
        .array(z.string().refine(isRole, "Select a role from the list"))
        .min(1, "Select at least one role")
        .max(8, "Select 8 roles or fewer"),
    ),
});

const userColumns = { id: users.id, agencyId: users.agencyId };

/** People of one agency, filtered in SQL by what the actor may read. */
export function listUsers(actor: Actor, agencyId: string) {
  const db = getDb();
  const rows = db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      status: users.status,
      teamId: users.teamId,
      totpEnabledAt: users.totpEnabledAt,
    })
    .from(users)
    .where(and(eq(users.agencyId, agencyId), ne(users.status, "service"), scope(actor, "read", "User", userColumns)))
    .orderBy(asc(users.name))
    .all();
  const roles = rows.length
    ? db
        .select()
        .from(userRoles)
        .where(
          inArray(
            userRoles.userId,
            rows.map((r) => r.id),
          ),
        )
        .all()
    : [];
  return rows.map((r) => ({ ...r, roles: roles.filter((x) => x.userId === r.id).map((x) => x.role) }));
}

export function getUser(actor: Actor, userId: string) {
  const db = getDb();
  const user = db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      status: users.status,
      agencyId: users.agencyId,
      agencyName: agencies.name,
      agencyType: agencies.type,
      teamId: users.teamId,
      totpEnabledAt: users.totpEnabledAt,
      createdAt: users.createdAt,
    })
    .from(users)
    .innerJoin(agencies, eq(agencies.id, users.agencyId))
    .where(eq(users.id, userId))
    .get();
  if (!user) throw new Response("Not found", { status: 404 });
  authorizeNamed(actor, "read", "User", { id: user.id, agencyId: user.agencyId });
  const roles = db
    .select({ role: userRoles.role })
    .from(userRoles)
    .where(eq(userRoles.userId, userId))
    .all()
    .map((r) => r.role);
  return { ...user, roles };
}

export type CreateUserResult =
  { ok: true; userId: string; link: string } | { ok: false; errors: Record<string, string> };

export function createUser(actor: Actor, agencyId: string, input: z.infer<typeof NewUserSchema>): CreateUserResult {
  const db = getDb();
  const agency = db.select().from(agencies).where(eq(agencies.id, agencyId)).get();
  if (!agency) throw new Response("Not found", { status: 404 });
  authorizeNamed(actor, "create", "User", { agencyId });
  const allowed = rolesAssignableBy(actor, agency.type);
  const refused = input.roles.filter((r) => !allowed.includes(r as Role));
  if (refused.length) return { ok: false, errors: { roles: "Select only roles this agency can give" } };
  if (
    input.teamId &&
    !db
      .select()
      .from(teams)
      .where(and(eq(teams.id, input.teamId), eq(teams.agencyId, agencyId)))
      .get()
  ) {
    return { ok: false, errors: { teamId: "Select a team from the list" } };
  }
  if (db.select({ id: users.id }).from(users).where(eq(users.email, input.email)).get()) {
    return { ok: false, errors: { email: "An account with this email address already exists" } };
  }
  const userId = randomUUID();
  db.transaction((tx) => {
    tx.insert(users)
      .values({
        id: userId,
        agencyId,
        teamId: input.teamId ?? null,
        email: input.email,
        name: input.name,
        createdBy: actor.userId,
      })
      .run();
    tx.insert(userRoles)
      .values(input.roles.map((role) => ({ userId, role })))
      .run();
  });
  const link = issuePasswordLink(userId, actor.userId, "new-account");
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "user.create",
    outcome: "done",
    subjectType: "User",
    subjectId: userId,
    detail: { agencyId, roles: input.roles.join(",") },
  });
  return { ok: true, userId, link };
}

function requireManageable(actor: Actor, userId: string) {
  const user = getDb().select({ id: users.id, agencyId: users.agencyId }).from(users).where(eq(users.id, userId)).get();
  if (!user) throw new Response("Not found", { status: 404 });
  authorizeNamed(actor, "update", "User", user);
  return user;
}

export type AccountChange = { ok: true; link?: string } | { ok: false; error: string };

export async function setUserStatus(
  actor: Actor,
  userId: string,
  status: "active" | "suspended",
): Promise<AccountChange> {
  requireManageable(actor, userId);
  if (userId === actor.userId) return { ok: false, error: "You cannot suspend or re-enable your own account" };
  const changed = getDb()
    .update(users)
    .set({ status })
    .where(eq(users.id, userId))
    .returning({ email: users.email })
    .get();
  // Re-enabled: sign-in starts afresh, with no lock or slowing left from before.
  if (status === "active" && changed) clearSignInLimits(changed.email);
  if (status === "suspended") await endAllSessions(userId);
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: status === "suspended" ? "user.suspend" : "user.reenable",
    outcome: "done",
    subjectType: "User",
    subjectId: userId,
  });
  return { ok: true };
}

export async function resetPassword(actor: Actor, userId: string): Promise<AccountChange> {
  requireManageable(actor, userId);
  const link = issuePasswordLink(userId, actor.userId, "reset");
  await endAllSessions(userId);
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "user.password_reset_issued",
    outcome: "done",
    subjectType: "User",
    subjectId: userId,
  });
  return { ok: true, link };
}

export async function resetSecondFactor(actor: Actor, userId: string): Promise<AccountChange> {
  requireManageable(actor, userId);
  clearSecondFactor(userId);
  await endAllSessions(userId);
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "user.mfa_reset",
    outcome: "done",
    subjectType: "User",
    subjectId: userId,
  });
  return { ok: true };
}

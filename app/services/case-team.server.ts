import { worksOnCases } from "~/access/case-work.server";
import { and, asc, eq, inArray, isNotNull, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "~/access/actor";
import { audit } from "~/access/audit.server";
import { CASEWORK_ROLES } from "~/access/baseline-policy";
import { getDb } from "~/db.server";
import { CASE_ROLES, caseRoleLabel } from "~/domain/case-vocabulary";
import { roleLabel } from "~/domain/roles";
import { idField } from "~/forms/fields";
import { parseValues, type FieldErrors } from "~/forms/parse-form";
import { agencies, caseMembers, userRoles, users } from "../../db/schema";
import { canUpdateCase, requireCase, requireCaseWrite, type CaseRow } from "./case-access.server";
import { headerOf } from "./case-lifecycle.server";
import { notify } from "./notifications.server";

type Values = Record<string, string | string[]>;
type Failure = { ok: false; errors: FieldErrors; values: Values };

export const AddMemberSchema = z.object({
  userId: z
    .string({ required_error: "Select the person to add" })
    .trim()
    .min(1, "Select the person to add")
    .max(64, "Select a person from the list"),
  roleInCase: z.enum(CASE_ROLES, { errorMap: () => ({ message: "Select their role in the case" }) }),
});
export const RemoveMemberSchema = z.object({ userId: idField });

const CASEWORK: readonly string[] = CASEWORK_ROLES;

function members(caseId: string, current: boolean) {
  return getDb()
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      agencyId: agencies.id,
      agency: agencies.name,
      roleInCase: caseMembers.roleInCase,
      addedAt: caseMembers.addedAt,
      removedAt: caseMembers.removedAt,
    })
    .from(caseMembers)
    .innerJoin(users, eq(users.id, caseMembers.userId))
    .innerJoin(agencies, eq(agencies.id, users.agencyId))
    .where(
      and(eq(caseMembers.caseId, caseId), current ? isNull(caseMembers.removedAt) : isNotNull(caseMembers.removedAt)),
    )
    .orderBy(asc(agencies.name), asc(users.name), asc(caseMembers.addedAt))
    .all()
    .map((m) => ({ ...m, roleLabel: caseRoleLabel(m.roleInCase) }));
}

/** Active people with a case-working role in the case's partnership who are not on its team, grouped by agency. */
function candidates(c: CaseRow, currentIds: Set<string>) {
  const db = getDb();
  const partnership =
    db.select({ id: agencies.partnershipId }).from(agencies).where(eq(agencies.id, c.leadAgencyId)).get()?.id ?? "";
  const rows = db
    .select({ id: users.id, name: users.name, email: users.email, agency: agencies.name, role: userRoles.role })
    .from(users)
    .innerJoin(agencies, eq(agencies.id, users.agencyId))
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(
      and(eq(agencies.partnershipId, partnership), eq(users.status, "active"), inArray(userRoles.role, [...CASEWORK])),
    )
    .orderBy(asc(agencies.name), asc(users.name), asc(users.email))
    .all();
  const groups = new Map<string, Map<string, { id: string; name: string; email: string; roles: string[] }>>();
  for (const r of rows) {
    if (currentIds.has(r.id)) continue;
    const group = groups.get(r.agency) ?? new Map();
    groups.set(r.agency, group);
    const person = group.get(r.id) ?? { id: r.id, name: r.name, email: r.email, roles: [] };
    person.roles.push(roleLabel(r.role));
    group.set(r.id, person);
  }
  return [...groups].map(([agency, people]) => ({ agency, people: [...people.values()] }));
}

/**
 * The case team: current members with their role in the case, people who have left it, and (for those who may
 * change the team) who could be added.
 */
export function caseTeam(actor: Actor, caseId: string) {
  const c = requireCase(actor, caseId);
  const current = members(c.id, true);
  const canManage = canUpdateCase(actor, c);
  return {
    case: headerOf(c),
    members: current,
    past: members(c.id, false),
    canManage,
    candidates: canManage ? candidates(c, new Set(current.map((m) => m.userId))) : [],
    roles: CASE_ROLES.map((r) => ({ value: r, text: caseRoleLabel(r) })),
  };
}

function refuse(actor: Actor, c: CaseRow, action: string, subjectId: string, reason: string): void {
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action,
    subjectType: "User",
    subjectId: subjectId.slice(0, 64),
    caseId: c.id,
    outcome: "denied",
    detail: { reason },
  });
}

/**
 * Adds someone to the case team with a role in the case. They see the case at their next request (the Actor
 * is rebuilt from case_members every time) and are notified. Refusals change nothing and are audited.
 */
export function addMember(
  actor: Actor,
  caseId: string,
  values: Values,
): { ok: true; userId: string; name: string } | Failure {
  const c = requireCase(actor, caseId);
  requireCaseWrite(actor, c, canUpdateCase(actor, c), "case_team.add");
  const form = parseValues(values, AddMemberSchema);
  if (!form.ok) return form;
  const { userId, roleInCase } = form.data;
  const db = getDb();
  const fail = (reason: string, message: string): Failure => {
    refuse(actor, c, "case_team.add", userId, reason);
    return { ok: false, errors: { userId: message }, values };
  };

  const partnership = db
    .select({ id: agencies.partnershipId })
    .from(agencies)
    .where(eq(agencies.id, c.leadAgencyId))
    .get()?.id;
  const user = db
    .select({ id: users.id, name: users.name, status: users.status, partnershipId: agencies.partnershipId })
    .from(users)
    .innerJoin(agencies, eq(agencies.id, users.agencyId))
    .where(eq(users.id, userId))
    .get();
  if (!user || user.partnershipId !== partnership) return fail("unknown_user", "Select a person from the list");
  if (user.status !== "active")
    return fail("suspended", `${user.name}'s account is suspended, so they cannot be added`);
  const roles = db
    .select({ role: userRoles.role })
    .from(userRoles)
    .where(eq(userRoles.userId, user.id))
    .all()
    .map((r) => r.role);
  if (!worksOnCases(roles))
    return fail("not_caseworker", `${user.name}'s role does not work on cases, so they would see nothing of it`);

  const now = new Date().toISOString();
  const added = db.transaction(
    (tx) => {
      const already = tx
        .select({ userId: caseMembers.userId })
        .from(caseMembers)
        .where(and(eq(caseMembers.caseId, c.id), eq(caseMembers.userId, user.id), isNull(caseMembers.removedAt)))
        .get();
      if (already) return null;
      tx.insert(caseMembers)
        .values({ caseId: c.id, userId: user.id, roleInCase, addedBy: actor.userId, addedAt: now })
        .run();
      return notify(
        tx,
        [user.id],
        {
          kind: "added_to_team",
          text: `You were added to the team for case ${c.reference}`,
          href: `/cases/${c.id}`,
          caseId: c.id,
        },
        now,
      );
    },
    { behavior: "immediate" },
  );
  if (!added) return fail("already_member", `${user.name} is already on the case team`);
  added();
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "case_team.add",
    subjectType: "User",
    subjectId: user.id,
    caseId: c.id,
    outcome: "done",
    detail: { roleInCase },
  });
  return { ok: true, userId: user.id, name: user.name };
}

/**
 * Takes someone off the case team: their membership gets an end time (never deleted), so they stop seeing the
 * case at their next request. The lead agency keeps at least one person on the team.
 */
export function removeMember(
  actor: Actor,
  caseId: string,
  values: Values,
): { ok: true; userId: string; name: string } | Failure {
  const c = requireCase(actor, caseId);
  requireCaseWrite(actor, c, canUpdateCase(actor, c), "case_team.remove");
  const form = parseValues(values, RemoveMemberSchema);
  if (!form.ok) return { ok: false, errors: { form: "Select someone on the team to remove" }, values };
  const current = members(c.id, true);
  const member = current.find((m) => m.userId === form.data.userId);
  if (!member) {
    refuse(actor, c, "case_team.remove", form.data.userId, "not_member");
    return { ok: false, errors: { form: "That person is not on the case team" }, values };
  }
  if (
    member.agencyId === c.leadAgencyId &&
    !current.some((m) => m.agencyId === c.leadAgencyId && m.userId !== member.userId)
  ) {
    refuse(actor, c, "case_team.remove", member.userId, "last_of_lead_agency");
    return {
      ok: false,
      errors: {
        form: `${member.name} is the only person from ${c.leadAgency} on the team. Add someone else from ${c.leadAgency} before removing them`,
      },
      values,
    };
  }
  getDb()
    .update(caseMembers)
    .set({ removedAt: new Date().toISOString() })
    .where(and(eq(caseMembers.caseId, c.id), eq(caseMembers.userId, member.userId), isNull(caseMembers.removedAt)))
    .run();
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "case_team.remove",
    subjectType: "User",
    subjectId: member.userId,
    caseId: c.id,
    outcome: "done",
    detail: { roleInCase: member.roleInCase },
  });
  return { ok: true, userId: member.userId, name: member.name };
}

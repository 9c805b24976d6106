import { eq } from "drizzle-orm";
import { getDb } from "~/db.server";
import { isAgencyType } from "~/domain/agencies";
import { isRole } from "~/domain/roles";
import { agencies, userRoles, users } from "../../db/schema";
import type { Actor } from "./actor";

/** Builds the Actor for a signed-in user from the database (agency, roles). */
export function loadActor(userId: string, sessionId: string): Actor | null {
  const db = getDb();
  const row = db
    .select({ id: users.id, name: users.name, email: users.email, agencyId: users.agencyId, teamId: users.teamId, agencyName: agencies.name, agencyType: agencies.type, status: users.status })
    .from(users)
    .innerJoin(agencies, eq(agencies.id, users.agencyId))
    .where(eq(users.id, userId))
    .get();
  if (!row || row.status !== "active" || !isAgencyType(row.agencyType)) return null;
  const roles = db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, userId)).all().map((r) => r.role).filter(isRole);
  return {
    userId: row.id,
    name: row.name,
    email: row.email,
    agencyId: row.agencyId,
    agencyName: row.agencyName,
    agencyType: row.agencyType,
    teamId: row.teamId,
    roles,
    sessionId,
  };
}

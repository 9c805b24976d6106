import { eq, inArray, or, type SQL } from "drizzle-orm";
import { getDb } from "~/db.server";
import { meetingActions, meetings, users } from "../../db/schema";
import type { Actor } from "./actor";
import { actionTrackerReach } from "./action-tracker";

/** The tracker's reach (app/access/action-tracker.ts) as a SQL condition on meeting_actions joined to meetings; null without one. */
export function actionTrackerScope(actor: Pick<Actor, "roles" | "agencyId" | "partnershipId">): SQL | null {
  const reach = actionTrackerReach(actor);
  if (!reach) return null;
  const db = getDb();
  if (reach.kind === "partnership") return eq(meetings.partnershipId, actor.partnershipId);
  const agencyPeople = db.select({ id: users.id }).from(users).where(eq(users.agencyId, actor.agencyId));
  return or(eq(meetingActions.ownerAgencyId, actor.agencyId), inArray(meetingActions.ownerUserId, agencyPeople))!;
}

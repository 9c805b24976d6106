import { and, desc, eq, isNull } from "drizzle-orm";
import type { Actor } from "~/access/actor";
import { signsOffPreSentence, supervisesAgencyWork } from "~/access/agency-supervision";
import { getDb } from "~/db.server";
import { caseMembers, cases } from "../../db/schema";
import { homeChargingDeadlines } from "./offences.server";
import { actionsForHome } from "./meeting-items.server";
import { inputRequestsForMe } from "./pre-sentence-requests.server";
import { reportsAwaitingSignOff } from "./pre-sentence.server";
import { awaitingCountersignForHome, overdueReviewsForHome } from "./risk-assessment-views.server";
import { spoOutstandingForHome } from "./spo-considerations.server";
import { tasksForHome } from "./tasks.server";
import { submissionsToCountersign, todayList } from "./today.server";
import { victimUpdatesDue } from "./victim-care.server";

/**
 * The home page's lists. "Cases you work on" comes from the actor's own case-team memberships, so it shows only
 * cases they are a member of. "Today" (app/services/today.server.ts) gathers what to act on from the lists
 * below and the person's own reports, invitations, triage queue and shares.
 */
export function myWork(actor: Actor) {
  const myCases = getDb()
    .select({ id: cases.id, reference: cases.reference, status: cases.status, roleInCase: caseMembers.roleInCase, updatedAt: cases.updatedAt })
    .from(caseMembers)
    .innerJoin(cases, eq(cases.id, caseMembers.caseId))
    .where(and(eq(caseMembers.userId, actor.userId), isNull(caseMembers.removedAt)))
    .orderBy(desc(cases.updatedAt))
    .limit(50)
    .all();
  const parts = {
    ...tasksForHome(actor),
    spoOutstanding: spoOutstandingForHome(actor),
    chargingDeadlines: homeChargingDeadlines(actor),
    victimUpdatesDue: victimUpdatesDue(actor),
    awaitingCountersign: awaitingCountersignForHome(actor),
    reviewsOverdue: overdueReviewsForHome(actor),
    meetingActions: actionsForHome(actor),
    ...preSentenceForHome(actor),
  };
  const today = todayList(actor, { ...parts, toCountersign: submissionsToCountersign(parts.awaitingCountersign) });
  return { myCases, ...parts, today, isSupervisor: supervisesAgencyWork(actor) };
}

/** Questions asked of the person for pre-sentence input; for senior probation officers, reports to sign off. */
function preSentenceForHome(actor: Actor) {
  return { psrQuestions: inputRequestsForMe(actor), psrToSignOff: signsOffPreSentence(actor) ? reportsAwaitingSignOff(actor) : null };
}

import { and, desc, eq, isNull } from "drizzle-orm";
import type { Actor } from "~/access/actor";
import { signsOffPreSentence, supervisesAgencyWork } from "~/access/agency-supervision";
import type { TodayGroupId } from "~/domain/today";
import { getDb } from "~/db.server";
import { caseMembers, cases } from "../../db/schema";
import { homeChargingDeadlines } from "./offences.server";
import { actionsForHome } from "./meeting-items.server";
import { inputRequestsForMe } from "./pre-sentence-requests.server";
import { reportsAwaitingSignOff } from "./pre-sentence.server";
import { awaitingCountersignForHome, reviewsDueForHome } from "./risk-assessment-views.server";
import { spoOutstandingForHome } from "./spo-considerations.server";
import { tasksForHome } from "./tasks.server";
import { todayList, type HomeParts } from "./today.server";
import { victimUpdatesDue } from "./victim-care.server";

/**
 * The home page: "Today", one list of what the person should act on (app/services/today.server.ts), gathered from
 * the lists below and their own reports, invitations, triage queue and shares, each thing once; and "Cases you
 * work on", from the actor's own case-team memberships, so it shows only cases they are a member of.
 */
export function myWork(actor: Actor) {
  const myCases = getDb()
    .select({
      id: cases.id,
      reference: cases.reference,
      status: cases.status,
      roleInCase: caseMembers.roleInCase,
      updatedAt: cases.updatedAt,
    })
    .from(caseMembers)
    .innerJoin(cases, eq(cases.id, caseMembers.caseId))
    .where(and(eq(caseMembers.userId, actor.userId), isNull(caseMembers.removedAt)))
    .orderBy(desc(cases.updatedAt))
    .limit(50)
    .all();
  const parts: HomeParts = {
    ...tasksForHome(actor),
    spoOutstanding: spoOutstandingForHome(actor),
    chargingDeadlines: homeChargingDeadlines(actor),
    victimUpdatesDue: victimUpdatesDue(actor),
    toCountersign: awaitingCountersignForHome(actor),
    reviewsDue: reviewsDueForHome(actor),
    meetingActions: actionsForHome(actor),
    psrQuestions: inputRequestsForMe(actor),
    // Reports to sign off, for senior probation officers only.
    psrToSignOff: signsOffPreSentence(actor) ? reportsAwaitingSignOff(actor) : null,
  };
  // Supervisors keep the way to everything waiting for them, even when nothing is.
  const alwaysShown: TodayGroupId[] = supervisesAgencyWork(actor) || signsOffPreSentence(actor) ? ["sign_off"] : [];
  return { myCases, today: todayList(actor, parts), alwaysShown };
}

import { describe, expect, it } from "vitest";
import { ROLE_IDS, ROLES, type Role } from "~/domain/roles";
import type { RecordAttributes } from "./ability";
import type { Actor } from "./actor";
import { oracleMayDo, type OracleWorkflowSubject } from "./policy-oracle.test-helper";
import { roleActor } from "./role-actor";
import { can, WORKFLOW_ACTIONS, WORKFLOW_RULES, type WorkflowAction, type WorkflowSubjects } from "./workflows";

// The workflow rules (workflows.ts) against the independent oracle: every role, in every agency type it may be
// held in, on and off the case team, for every combination of the attributes the rules decide on.
const CASE = "case-1";
const OTHER = "other";

function subjectFor<A extends WorkflowAction>(action: A, s: OracleWorkflowSubject): WorkflowSubjects[A] {
  const submission = {
    ownerAgencyId: s.agencyId,
    authorUserId: s.userId,
    submittedBy: s.userId,
    submitted: s.submitted,
    agencyOnCase: s.agencyOnCase,
  };
  const all: WorkflowSubjects = {
    refer_case: { caseId: s.caseId },
    triage_clinic_referral: { partnershipId: s.partnershipId },
    screen_mappa_referral: { partnershipId: s.partnershipId },
    endorse_mappa_referral: { referrerAgencyId: s.agencyId, referrerUserId: s.userId },
    arrange_meeting: { kind: s.kind, partnershipId: s.partnershipId },
    chair_meeting: { chairUserId: s.chairUserId, invited: s.invited },
    sign_off_minutes: { chairUserId: s.chairUserId, invited: s.invited, status: s.meetingStatus },
    countersign_assessment: submission,
    return_assessment: submission,
    sign_off_pre_sentence: submission,
    retract_note: { authorUserId: s.userId, ownerAgencyId: s.agencyId },
    manage_case: { caseId: s.caseId, leadAgencyId: s.agencyId },
    share_record: s.record,
    break_glass: { caseId: s.caseId },
  };
  return all[action];
}

function record(ownerAgencyId: string, caseId: string): RecordAttributes {
  return {
    id: "r-1",
    caseId,
    category: "risk_assessment",
    ownerAgencyId,
    status: "signed_off",
    meetingId: null,
    cavVictimConfidential: false,
    cavHealthConfidential: false,
    cavPoliceIntelligence: false,
    cavNotPerpetratorFacing: false,
    chargingReferred: false,
  };
}

/** Every combination of the attributes, seen from this actor (theirs or someone else's). */
function* subjects(actor: Actor): Generator<OracleWorkflowSubject> {
  for (const caseId of [CASE, OTHER])
    for (const partnershipId of [actor.partnershipId, OTHER])
      for (const agencyId of [actor.agencyId, OTHER])
        for (const userId of [actor.userId, OTHER])
          for (const kind of ["clinic_triage", "mappa_level2"] as const)
            for (const invited of [true, false])
              for (const chairUserId of [actor.userId, OTHER])
                for (const meetingStatus of ["closed", "open"])
                  for (const submitted of [true, false])
                    for (const agencyOnCase of [true, false])
                      yield {
                        caseId,
                        partnershipId,
                        agencyId,
                        userId,
                        kind,
                        invited,
                        chairUserId,
                        meetingStatus,
                        submitted,
                        agencyOnCase,
                        record: record(agencyId, caseId),
                      };
}

function actorsFor(role: Role): Actor[] {
  const types = ROLES[role].agencyTypes;
  const agencyTypes = types === "any" ? (["police", "other"] as const) : types;
  return agencyTypes.flatMap((agencyType) =>
    [true, false].map((member) => roleActor(role, { caseId: CASE, member, agencyType })),
  );
}

describe("the workflow matrix: every action × role × agency type × membership × subject, against the oracle", () => {
  const answers = new Map<WorkflowAction, Set<boolean>>(WORKFLOW_ACTIONS.map((a) => [a, new Set()]));
  for (const role of ROLE_IDS) {
    it(role, () => {
      for (const actor of actorsFor(role)) {
        for (const s of subjects(actor)) {
          for (const action of WORKFLOW_ACTIONS) {
            // The share rule has its own full matrix (gate.matrix.test.ts); here one signed-off record per owner and case.
            if (
              action === "share_record" &&
              (s.userId !== actor.userId ||
                s.kind !== "clinic_triage" ||
                !s.invited ||
                s.chairUserId !== OTHER ||
                s.meetingStatus !== "closed" ||
                !s.submitted ||
                !s.agencyOnCase)
            )
              continue;
            const where = `${action} ${role} (${actor.agencyType}) member=${actor.caseIds.length > 0} ${JSON.stringify({ ...s, record: undefined })}`;
            const allowed = can(actor, action, subjectFor(action, s));
            answers.get(action)!.add(allowed);
            expect(allowed, where).toBe(oracleMayDo(actor, action, s));
          }
        }
      }
    });
  }

  it("every action has a row, and every row's action is listed", () => {
    for (const action of WORKFLOW_ACTIONS)
      expect(
        WORKFLOW_RULES.some((r) => r.action === action),
        action,
      ).toBe(true);
    for (const row of WORKFLOW_RULES) expect(WORKFLOW_ACTIONS).toContain(row.action);
  });

  it("each action is allowed somewhere and refused somewhere (no row that grants nothing or everything)", () => {
    for (const action of WORKFLOW_ACTIONS) expect([...answers.get(action)!].sort(), action).toEqual([false, true]);
  });
});

import { describe, expect, it } from "vitest";
import { AGENCY_TYPES, type AgencyType } from "~/domain/agencies";
import { ROLE_IDS, type Role } from "~/domain/roles";
import { defineAbilityFor, type RecordAttributes } from "./ability";
import type { Actor } from "./actor";
import { mayOpenSubmission, mayOpenPreSentence } from "./agency-supervision";
import { oracleLevel, oracleMayCountersign, oracleMayShare } from "./policy-oracle.test-helper";
import { shareReachesSharer } from "./share-rule";
import { can } from "./workflows";
import { roleActor } from "./role-actor";
import { accessLevel } from "./redact";
import { CATEGORIES, CAVEATS, type Caveat } from "./vocabulary";

const CASE = "case-1";
const OTHER_AGENCY = "agency-other";

function actorFor(role: Role, member: boolean, agencyType?: AgencyType): Actor {
  return roleActor(role, { caseId: CASE, member, agencyType });
}

function record(
  category: string,
  caveat: Caveat | null,
  status: "draft" | "signed_off",
  ownerAgencyId: string,
  chargingReferred = false,
): RecordAttributes {
  return {
    id: "r-1",
    caseId: CASE,
    category,
    ownerAgencyId,
    status,
    meetingId: null,
    cavVictimConfidential: caveat === "victim_confidential",
    cavHealthConfidential: caveat === "health_confidential",
    cavPoliceIntelligence: caveat === "police_intelligence",
    cavNotPerpetratorFacing: caveat === "not_for_perpetrator_facing",
    chargingReferred,
  };
}

describe("the access matrix: every role × category × caveat × status × owner × membership × action", () => {
  let cells = 0;
  for (const role of ROLE_IDS) {
    for (const member of [true, false]) {
      const actor = actorFor(role, member);
      const ability = defineAbilityFor(actor);
      it(`${role}, ${member ? "on" : "not on"} the case team`, () => {
        for (const category of CATEGORIES) {
          for (const caveat of [null, ...CAVEATS]) {
            for (const status of ["draft", "signed_off"] as const) {
              for (const owner of [actor.agencyId, OTHER_AGENCY]) {
                for (const referred of category === "investigation" ? [false, true] : [false]) {
                  const r = record(category, caveat, status, owner, referred);
                  const expected = oracleLevel(actor, r);
                  const actual = accessLevel(actor, r, ability);
                  cells += 2; // read and read_summary are both decided by the level
                  expect(
                    actual,
                    `${role} member=${member} ${category} caveat=${caveat} ${status} owner=${owner === actor.agencyId ? "own" : "other"} referred=${referred}`,
                  ).toBe(expected);
                }
              }
            }
          }
        }
      });
    }
  }
  it("covered every cell", () => {
    expect(cells).toBeGreaterThan(ROLE_IDS.length * 2 * CATEGORIES.length * 5 * 2 * 2 * 2);
  });
});

describe("the share rule: every role × category × caveat × status × owner × membership, with and without a share or grant of their own", () => {
  for (const role of ROLE_IDS) {
    it(`${role}`, () => {
      for (const member of [true, false]) {
        for (const category of CATEGORIES) {
          for (const caveat of [null, ...CAVEATS]) {
            for (const status of ["draft", "signed_off"] as const) {
              const plain = actorFor(role, member);
              for (const owner of [plain.agencyId, OTHER_AGENCY]) {
                const r = record(category, caveat, status, owner);
                // A share to them or a break-glass grant may let them read it; it never lets them pass it on.
                for (const actor of [
                  plain,
                  { ...plain, sharedRecordIds: [r.id] },
                  { ...plain, breakGlassCaseIds: [CASE] },
                ]) {
                  const where = `${role} member=${member} ${category} caveat=${caveat} ${status} owner=${owner === plain.agencyId ? "own" : "other"} shared=${actor.sharedRecordIds.length > 0} glass=${actor.breakGlassCaseIds.length > 0}`;
                  expect(can(actor, "share_record", r), where).toBe(oracleMayShare(actor, r));
                  // Whatever may be shared, the sharer already reads in full: a share never carries more than that.
                  if (can(actor, "share_record", r)) expect(accessLevel(actor, r), where).toBe("full");
                }
              }
            }
          }
        }
      }
    });
  }
  it("a share never reaches its sharer: their own agency, any role they hold, themselves", () => {
    const supervisor = actorFor("police_supervisor", false);
    expect(shareReachesSharer(supervisor, { kind: "role", role: "police_supervisor" })).toBe(true);
    expect(shareReachesSharer(supervisor, { kind: "agency", agencyId: supervisor.agencyId })).toBe(true);
    expect(shareReachesSharer(supervisor, { kind: "user", userId: supervisor.userId })).toBe(true);
    expect(shareReachesSharer(supervisor, { kind: "role", role: "investigator" })).toBe(false);
    expect(shareReachesSharer(supervisor, { kind: "agency", agencyId: OTHER_AGENCY })).toBe(false);
  });
});

// Spot checks straight from ARCHITECTURE.md's table, independent of the oracle.
describe("the baseline table, as written", () => {
  const signed = (category: string, owner: string, caveat: Caveat | null = null) =>
    record(category, caveat, "signed_off", owner);
  it("a probation member of the team sees the case core but never victim contact details", () => {
    const probation = actorFor("probation_practitioner", true);
    expect(accessLevel(probation, signed("case_core", "agency-police"))).toBe("full");
    expect(accessLevel(probation, signed("victim_contact", "agency-isac"))).toBe("none");
  });
  it("the police case team and the owning ISAC see victim contact details; an ISAC not on the team does not", () => {
    expect(accessLevel(actorFor("investigator", true), signed("victim_contact", "agency-isac"))).toBe("full");
    expect(accessLevel(actorFor("advocate", true), signed("victim_contact", "agency-isac"))).toBe("full");
    expect(accessLevel(actorFor("advocate", false), signed("victim_contact", "agency-isac"))).toBe("none");
  });
  it("victim care is a summary line for health and probation members", () => {
    expect(accessLevel(actorFor("clinician", true), signed("victim_care", "agency-isac"))).toBe("summary");
    expect(accessLevel(actorFor("probation_practitioner", true), signed("victim_care", "agency-isac"))).toBe("summary");
    expect(accessLevel(actorFor("investigator", true), signed("victim_care", "agency-isac"))).toBe("full");
  });
  it("a draft risk assessment is seen by the author's agency only", () => {
    const draft = record("risk_assessment", null, "draft", "agency-health");
    expect(accessLevel(actorFor("forensic_psychologist", true), draft)).toBe("full");
    expect(accessLevel(actorFor("investigator", true), draft)).toBe("none");
    expect(accessLevel(actorFor("investigator", true), signed("risk_assessment", "agency-health"))).toBe("full");
  });
  it("investigation material reaches the CPS only once the case is referred for charging", () => {
    const prosecutor = actorFor("prosecutor", true);
    expect(accessLevel(prosecutor, record("investigation", null, "signed_off", "agency-police", false))).toBe("none");
    expect(accessLevel(prosecutor, record("investigation", null, "signed_off", "agency-police", true))).toBe("full");
  });
  it("administrators, auditors and performance leads see no case content, even on a case team or for their own agency", () => {
    for (const role of ["agency_admin", "system_admin", "auditor", "performance_lead"] as const) {
      for (const member of [false, true]) {
        const actor = actorFor(role, member);
        for (const category of CATEGORIES) {
          expect(accessLevel(actor, signed(category, "agency-police")), `${role} member=${member} ${category}`).toBe(
            "none",
          );
          expect(accessLevel(actor, signed(category, actor.agencyId)), `${role} member=${member} own ${category}`).toBe(
            "none",
          );
        }
      }
    }
  });
  it("an agency sees its own records on cases it works, and the CPS its own investigation notes before referral", () => {
    expect(accessLevel(actorFor("probation_practitioner", true), signed("victim_care", "agency-probation"))).toBe(
      "full",
    );
    expect(
      accessLevel(actorFor("prosecutor", true), record("investigation", null, "signed_off", "agency-cps", false)),
    ).toBe("full");
    expect(accessLevel(actorFor("police_supervisor", false), signed("perpetrator", "agency-police"))).toBe("full");
    expect(accessLevel(actorFor("police_supervisor", false), signed("victim_contact", "agency-police"))).toBe("none");
  });
  it("a caveat overrides a broader allow, and an explicit share reaches past it", () => {
    const investigator = actorFor("investigator", true);
    const intel = signed("police_intelligence", "agency-police");
    expect(accessLevel(investigator, intel)).toBe("full");
    const healthOnly = signed("risk_assessment", "agency-health", "health_confidential");
    expect(accessLevel(investigator, healthOnly)).toBe("none");
    expect(accessLevel({ ...investigator, sharedRecordIds: ["r-1"] }, healthOnly)).toBe("full");
    const notForProbation = signed("case_core", "agency-police", "not_for_perpetrator_facing");
    expect(accessLevel(actorFor("probation_practitioner", true), notForProbation)).toBe("none");
  });
  it("victim contact never reaches a meeting screen, even for the police case team", () => {
    const inMeeting: Actor = { ...actorFor("investigator", true), purpose: "clinic_meeting" };
    expect(accessLevel(inMeeting, signed("victim_contact", "agency-isac"))).toBe("none");
  });
  it("an agreement extends a category to a partner on the team, for its purpose only", () => {
    const probation: Actor = {
      ...actorFor("probation_practitioner", true),
      agreements: [{ id: "a", category: "victim_care", fromAgencyId: "agency-isac", level: "full" }],
    };
    expect(accessLevel(probation, signed("victim_care", "agency-isac"))).toBe("full");
    expect(accessLevel(probation, signed("victim_care", "agency-isac", "victim_confidential"))).toBe("none");
  });
  it("agency types other than the role's own do not change the result for admin roles", () => {
    for (const type of AGENCY_TYPES)
      expect(accessLevel(actorFor("agency_admin", false, type), signed("case_core", `agency-${type}`))).toBe("none");
  });
});

describe("the countersign purpose: every role × membership × owner × state × team presence × authorship", () => {
  for (const role of ROLE_IDS) {
    it(role, () => {
      for (const member of [true, false]) {
        const actor = actorFor(role, member);
        for (const owner of [actor.agencyId, OTHER_AGENCY]) {
          for (const submitted of [true, false]) {
            for (const agencyOnCase of [true, false]) {
              for (const authorship of ["author", "submitter", "someone else"] as const) {
                const s = {
                  ownerAgencyId: owner,
                  authorUserId: authorship === "author" ? actor.userId : "user-author",
                  submittedBy:
                    authorship === "submitter" ? actor.userId : authorship === "author" ? actor.userId : "user-author",
                  submitted,
                  agencyOnCase,
                };
                const what = `${role} member=${member} owner=${owner === actor.agencyId ? "own" : "other"} submitted=${submitted} agencyOnCase=${agencyOnCase} ${authorship}`;
                const expected = oracleMayCountersign(actor, s);
                expect(can(actor, "countersign_assessment", s), what).toBe(expected);
                // Opening it for countersigning is the same grant, own work included (to be told it is theirs).
                expect(mayOpenSubmission(actor, s), what).toBe(
                  oracleMayCountersign({ ...actor, userId: "someone-else" }, s),
                );
                expect(can(actor, "sign_off_pre_sentence", s), what).toBe(
                  expected && role === "senior_probation_officer",
                );
                // The sign-off page's grant: a senior probation officer of the owning agency, on the team or not.
                expect(mayOpenPreSentence(actor, s), what).toBe(
                  oracleMayCountersign({ ...actor, userId: "someone-else" }, s) && role === "senior_probation_officer",
                );
              }
            }
          }
        }
      }
    });
  }
  it("reaches a supervisor off the team and never one of another agency", () => {
    const off = actorFor("advocate_manager", false);
    const s = {
      ownerAgencyId: off.agencyId,
      authorUserId: "u-advocate",
      submittedBy: "u-advocate",
      submitted: true,
      agencyOnCase: true,
    };
    expect(can(off, "countersign_assessment", s)).toBe(true);
    expect(can(actorFor("police_supervisor", true), "countersign_assessment", s)).toBe(false);
  });
});

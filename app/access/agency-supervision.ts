import { hasRole, type Role } from "~/domain/roles";
import type { Actor } from "./actor";
import { SUPERVISOR_ROLES } from "./baseline-policy";
import type { Purpose } from "./vocabulary";

/*
 * THE agency-supervisor rule (issue 16 item 2): who countersigns or returns an agency's submitted work, signs off
 * its pre-sentence input and endorses its MAPPA referrals. A supervisor of the author's agency, on the case team or
 * not, for a case where their agency has a current member of the team. Written once here, as a predicate over plain
 * attributes, for links, lists, pages and actions alike (issue 18 moves the other workflow rules beside it).
 */

/** The purpose recorded when a supervisor opens or decides a submission by this rule rather than as a case team member. */
export const COUNTERSIGN_PURPOSE = "countersign" satisfies Purpose;

/** A supervisor (police supervisor, advocate manager, senior probation officer, clinical lead) of their agency. */
export function supervisesAgencyWork(actor: Pick<Actor, "roles">): boolean {
  return hasRole(actor.roles, ...SUPERVISOR_ROLES);
}

/** A supervisor of this agency. */
export function isAgencySupervisor(actor: Pick<Actor, "agencyId" | "roles">, agencyId: string): boolean {
  return actor.agencyId === agencyId && supervisesAgencyWork(actor);
}

/** The clinic coordinator triages their partnership's clinic referrals (and sees the queue awaiting triage). */
export const CLINIC_REFERRAL_TRIAGERS = ["clinic_coordinator"] as const satisfies readonly Role[];
export function triagesClinicReferrals(actor: Pick<Actor, "roles">): boolean {
  return hasRole(actor.roles, ...CLINIC_REFERRAL_TRIAGERS);
}

/** A piece of an agency's work waiting for a supervisor's decision, in the attributes the rule decides on. */
export type Submission = {
  ownerAgencyId: string;
  authorUserId: string;
  submittedBy: string | null;
  /** Waiting for the decision now (submitted, not yet countersigned, signed off or returned). */
  submitted: boolean;
  /** The owning agency has a current member on the case's team. */
  agencyOnCase: boolean;
};

/**
 * The countersign grant: the gate lets a supervisor of the owning agency open this one submission, and the case
 * reference it belongs to, while it is submitted, on a case their agency works. Nothing else of the case.
 */
export function mayOpenSubmission(actor: Pick<Actor, "agencyId" | "roles">, s: Submission): boolean {
  return s.submitted && s.agencyOnCase && isAgencySupervisor(actor, s.ownerAgencyId);
}

/** Whether the submission is the actor's own work: nobody countersigns what they wrote or submitted. */
export function isOwnSubmission(
  actor: Pick<Actor, "userId">,
  s: Pick<Submission, "authorUserId" | "submittedBy">,
): boolean {
  return s.authorUserId === actor.userId || s.submittedBy === actor.userId;
}

/** Signs off pre-sentence input for their agency (the senior probation officer): asked on the home page and /countersign. */
export const PRE_SENTENCE_SIGNERS = ["senior_probation_officer"] as const satisfies readonly Role[];
export function signsOffPreSentence(actor: Pick<Actor, "roles">): boolean {
  return hasRole(actor.roles, ...PRE_SENTENCE_SIGNERS);
}

/**
 * The same grant for pre-sentence input: a senior probation officer of the author's agency opens the one submitted
 * report (at /countersign/pre-sentence/<report>), on the team or not, and nothing else of the case.
 */
export function mayOpenPreSentence(actor: Pick<Actor, "agencyId" | "roles">, s: Submission): boolean {
  return mayOpenSubmission(actor, s) && signsOffPreSentence(actor);
}

/** The rule in words, for docs/access-control.md. */
export const AGENCY_SUPERVISION_RULES = [
  "A supervisor of the author's agency may open, countersign or return the agency's submitted risk assessments, on a case where their agency has a current member of the team, without being on the team themselves. The grant covers that one record and the case reference, only while it is submitted; every view and decision made this way is audited with the purpose *Countersigning*.",
  "Nobody countersigns, signs off or returns work they wrote or submitted.",
  "A senior probation officer of the author's agency opens, signs off or returns the agency's submitted pre-sentence input by the same predicate, on the team or not, from the sign-off page (`/countersign/pre-sentence/<report>`): the grant covers that one report and the case reference while it is submitted, audited with the purpose *Countersigning*. A statement the report draws from a record they cannot read themselves stays withheld, as for every reader. Every senior probation officer of the agency but the submitter is asked.",
  "A supervisor of the referring agency, other than the referrer, endorses a MAPPA referral (from the MAPPA referral pages, which show the referral and the case reference, not the case).",
  "When a risk assessment is submitted, the agency's supervisors are named to the author and notified, with a link to the submission opened for countersigning.",
] as const;

// docs/access-control.md, written from the same data the gate decides with (the baseline policy, the caveat
// and standing rules, the vocabulary) and, for the matrices, from the gate itself: every cell is what
// defineAbilityFor/accessLevel answer for one actor. `npm run docs:access` writes the file; access-doc.test.ts
// fails when the file in the repository differs, so the page cannot drift from the rules.
import { AGENCY_TYPE_LABELS, AGENCY_TYPES, type AgencyType } from "~/domain/agencies";
import { EMAIL_KIND_TEXT, EMAIL_KINDS, isRequiredKind } from "~/domain/email-content";
import { ROLE_IDS, ROLES, type Role } from "~/domain/roles";
import { defineAbilityFor, type RecordAttributes } from "./ability";
import type { Actor } from "./actor";
import { agencyTypeFor, roleActor } from "./role-actor";
import {
  BASELINE_POLICY,
  CASEWORK_ROLES,
  CATEGORIES_BY_AGENCY,
  CAVEAT_RULES,
  DEFAULT_CAVEATS,
  MANDATORY_CAVEATS,
  MEETING_PURPOSES,
  PERPETRATOR_FACING_ROLES,
  STANDING_RULES,
  SUPERVISOR_ROLES,
  type Audience,
  type BaselineRule,
} from "./baseline-policy";
import { accessLevel } from "./redact";
import { AGENCY_SUPERVISION_RULES } from "./agency-supervision";
import { MEETING_ACTION_RULES } from "./meeting-actions";
import {
  can,
  conditionWords,
  WORKFLOW_ACTION_LABELS,
  WORKFLOW_ACTIONS,
  WORKFLOW_RULES,
  type WorkflowAction,
  type WorkflowSubjects,
} from "./workflows";
import {
  CATEGORIES,
  CATEGORY_LABELS,
  CAVEAT_LABELS,
  CAVEATS,
  LAWFUL_BASES,
  LAWFUL_BASIS_LABELS,
  PURPOSE_LABELS,
  PURPOSES,
  type Category,
  type Level,
} from "./vocabulary";

const CASE = "case-1";
const ANOTHER_AGENCY = "agency-another";
const LEVEL_WORDS: Record<Level, string> = { full: "Full", summary: "Summary", none: "—" };

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function table(head: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map(cell).join(" | ")} |`;
  return [line(head), line(head.map(() => "---")), ...rows.map(line)].join("\n");
}

function roleList(roles: readonly Role[]): string {
  return roles.map((r) => ROLES[r].label).join(", ");
}

function agencyTypeList(types: readonly AgencyType[]): string {
  return types.map((t) => AGENCY_TYPE_LABELS[t]).join(", ");
}

function audienceInWords(a: Audience, category: Category): string {
  switch (a.kind) {
    case "case_team":
      return a.agencyTypes === "any"
        ? "Members of the case team from any agency"
        : `Members of the case team from: ${agencyTypeList(a.agencyTypes)}`;
    case "owner_case_team":
      return "Members of the case team from the owning agency";
    case "owner_supervisor":
      return `Supervisors in the owning agency, on the case team or not (${roleList(SUPERVISOR_ROLES)})`;
    case "meeting_panel":
      return category === "meeting_minutes"
        ? "Attendees of the meeting the minutes belong to"
        : "Panel members while the case is on their meeting's agenda (clinic or MAPPA)";
  }
}

function conditionInWords(rule: BaselineRule): string {
  const parts: string[] = [];
  if (rule.status === "draft") parts.push("Drafts");
  else if (rule.status === "signed_off") parts.push("Signed off");
  else parts.push("Any (a draft only to the owning agency)");
  if (rule.whenReferredForCharging) parts.push("once the case is referred for a charging decision");
  return parts.join(", ");
}

function caveatList(list: readonly string[] | undefined): string {
  return list?.length ? list.map((c) => CAVEAT_LABELS[c as keyof typeof CAVEAT_LABELS]).join(", ") : "—";
}

function matrixActor(role: Role, member: boolean): Actor {
  return roleActor(role, { caseId: CASE, member });
}

function matrixRecord(category: Category, ownerAgencyId: string, chargingReferred: boolean): RecordAttributes {
  return {
    id: "matrix-record",
    caseId: CASE,
    category,
    ownerAgencyId,
    status: "signed_off",
    meetingId: null,
    cavVictimConfidential: false,
    cavHealthConfidential: false,
    cavPoliceIntelligence: false,
    cavNotPerpetratorFacing: false,
    chargingReferred,
  };
}

/**
 * One row per role, one column per category: the level the gate gives a signed-off, uncaveated record of the
 * case. Cells that change once the case is referred for charging are listed under the table.
 */
function matrix(member: boolean, owner: "own" | "another"): string {
  const notes: string[] = [];
  const rows = ROLE_IDS.map((role) => {
    const actor = matrixActor(role, member);
    const ability = defineAbilityFor(actor);
    const ownerId = owner === "own" ? actor.agencyId : ANOTHER_AGENCY;
    const cells = CATEGORIES.map((category) => {
      const level = accessLevel(actor, matrixRecord(category, ownerId, false), ability);
      const referred = accessLevel(actor, matrixRecord(category, ownerId, true), ability);
      if (referred !== level)
        notes.push(
          `${ROLES[role].label}: ${CATEGORY_LABELS[category]} is ${LEVEL_WORDS[referred]} once the case is referred for a charging decision.`,
        );
      return LEVEL_WORDS[level];
    });
    return [ROLES[role].label, AGENCY_TYPE_LABELS[agencyTypeFor(role)], ...cells];
  });
  const out = [table(["Role", "Agency type", ...CATEGORIES.map((c) => `\`${c}\``)], rows)];
  if (notes.length) out.push(notes.map((n) => `- ${n}`).join("\n"));
  return out.join("\n\n");
}

/** One row per role: the categories of their own agency's signed-off records they may share, on the team and off it. */
function shareMatrix(): string {
  const rows = ROLE_IDS.map((role) => {
    const cells = CATEGORIES.map((category) => {
      const on = matrixActor(role, true);
      const off = matrixActor(role, false);
      const onTeam = can(on, "share_record", matrixRecord(category, on.agencyId, false));
      const offTeam = can(off, "share_record", matrixRecord(category, off.agencyId, false));
      return onTeam && offTeam ? "Yes" : onTeam ? "On the team" : offTeam ? "Off the team" : "—";
    });
    return [ROLES[role].label, ...cells];
  });
  return table(["Role", ...CATEGORIES.map((c) => `\`${c}\``)], rows);
}

/** One row per role: whether they may countersign their own agency's submission, on the case team and off it. */
function countersignMatrix(): string {
  const rows = ROLE_IDS.map((role) => {
    const on = matrixActor(role, true);
    const off = matrixActor(role, false);
    const submission = (a: Actor) => ({
      ownerAgencyId: a.agencyId,
      authorUserId: "someone-else",
      submittedBy: "someone-else",
      submitted: true,
      agencyOnCase: true,
    });
    const yes = (a: Actor) => (can(a, "countersign_assessment", submission(a)) ? "Yes" : "—");
    return [ROLES[role].label, yes(on), yes(off)];
  });
  return table(["Role", "On the case team", "Not on the case team"], rows);
}

/** One row per role: whether they may sign off their own agency's pre-sentence input, on the case team and off it. */
function preSentenceSignOffMatrix(): string {
  const rows = ROLE_IDS.map((role) => {
    const yes = (a: Actor) =>
      can(a, "sign_off_pre_sentence", {
        ownerAgencyId: a.agencyId,
        authorUserId: "someone-else",
        submittedBy: "someone-else",
        submitted: true,
        agencyOnCase: true,
      })
        ? "Yes"
        : "—";
    return [ROLES[role].label, yes(matrixActor(role, true)), yes(matrixActor(role, false))];
  });
  return table(["Role", "On the case team", "Not on the case team"], rows);
}

/**
 * The subject on which an action is most open to this actor: their own agency, partnership and case, a meeting they
 * are invited to and chair, someone else's submitted work. What the gate answers on it says who may ever do it.
 */
function mostOpenSubject<A extends WorkflowAction>(action: A, a: Actor): WorkflowSubjects[A] {
  const submission = {
    ownerAgencyId: a.agencyId,
    authorUserId: "someone-else",
    submittedBy: "someone-else",
    submitted: true,
    agencyOnCase: true,
  };
  const subjects: WorkflowSubjects = {
    refer_case: { caseId: CASE },
    triage_clinic_referral: { partnershipId: a.partnershipId },
    screen_mappa_referral: { partnershipId: a.partnershipId },
    endorse_mappa_referral: { referrerAgencyId: a.agencyId, referrerUserId: "someone-else" },
    arrange_meeting: {
      kind: a.roles.includes("mappa_coordinator") ? "mappa_level2" : "clinic_triage",
      partnershipId: a.partnershipId,
    },
    chair_meeting: { chairUserId: a.userId, invited: true },
    sign_off_minutes: { chairUserId: a.userId, invited: true, status: "closed" },
    countersign_assessment: submission,
    return_assessment: submission,
    sign_off_pre_sentence: submission,
    retract_note: { authorUserId: a.userId, ownerAgencyId: a.agencyId },
    manage_case: { caseId: CASE, leadAgencyId: a.agencyId },
    share_record: matrixRecord(CATEGORIES_BY_AGENCY[a.agencyType][0] ?? "case_core", a.agencyId, false),
    break_glass: { caseId: "another-case" },
  };
  return subjects[action];
}

/** A row's roles: the case-working roles and the supervisors by name of the group, others one by one. */
function rowRoles(roles: readonly Role[]): string {
  const same = (group: readonly Role[]) => group.length === roles.length && group.every((r) => roles.includes(r));
  if (same(CASEWORK_ROLES)) return "Any case-working role";
  if (same(SUPERVISOR_ROLES)) return `Supervisors (${roleList(SUPERVISOR_ROLES)})`;
  return roleList(roles);
}

/** The workflow rows in words, and under them the roles the gate lets do each action on its most open subject. */
function workflowTables(): string[] {
  const roles = (action: WorkflowAction) =>
    ROLE_IDS.filter((role) => can(matrixActor(role, true), action, mostOpenSubject(action, matrixActor(role, true))));
  return [
    table(
      ["Action", "Who", "When", "Why"],
      WORKFLOW_RULES.map((r) => [
        WORKFLOW_ACTION_LABELS[r.action],
        rowRoles(r.roles),
        r.when.map(conditionWords).join("; "),
        r.why,
      ]),
    ),
    `Case-working roles: ${roleList(CASEWORK_ROLES)}.`,
    "### Roles the gate allows each action (their own agency, partnership and case, someone else's work)",
    table(
      ["Action", "Code", "Roles"],
      WORKFLOW_ACTIONS.map((action) => [
        WORKFLOW_ACTION_LABELS[action],
        `\`${action}\``,
        roleList(roles(action)) || "—",
      ]),
    ),
  ];
}

/** The whole page, as markdown. Pure: the same rules always give the same text. */
export function accessDoc(): string {
  const recordedBy = (category: Category) => AGENCY_TYPES.filter((t) => CATEGORIES_BY_AGENCY[t].includes(category));
  const sections: string[] = [
    "# Access control",
    "<!-- Generated from app/access by `npm run docs:access`. Do not edit by hand: app/access/access-doc.test.ts fails when this file differs from the rules. -->",
    [
      "Concord decides who sees each piece of case information with one gate (`app/access`). This page is written from the",
      "same data the gate uses, and its matrices are the gate's own answers, so it cannot drift from what the service does.",
    ].join("\n"),
    [
      "- **Deny by default.** Access comes only from the baseline rules below, an information sharing agreement, an explicit",
      "  share, or a break-glass grant.",
      "- **Denies win.** Drafts, handling caveats and meeting screens are applied after every allow, so a caveat overrides a",
      "  broader allow. The one way past a caveat is an explicit share from the owning agency.",
      "- **Two levels.** *Full* shows the whole record. *Summary* shows its title and summary line only; the body is replaced",
      "  by a marker saying who holds it. *—* means the record is not shown, counted or mentioned.",
      "- **Lists use the same rules.** Lists, counts and search are filtered in SQL translated from the same rules that decide",
      "  a single record.",
      "- **Every decision is audited**: who, what, when, for what purpose, allowed or denied.",
    ].join("\n"),

    "## Information categories",
    "Every record has one category. The agencies that record each category, and the caveats it carries:",
    table(
      ["Category", "Code", "Recorded by", "Always carries", "Offered by default"],
      CATEGORIES.map((c) => [
        CATEGORY_LABELS[c],
        `\`${c}\``,
        c === "meeting_minutes" ? "Meetings (clinic and MAPPA)" : agencyTypeList(recordedBy(c)) || "—",
        caveatList(MANDATORY_CAVEATS[c]),
        caveatList(DEFAULT_CAVEATS[c]),
      ]),
    ),

    "## Baseline rules",
    "Each row grants a level of a category to an audience. Nothing else is allowed by default.",
    table(
      ["Category", "Level", "Who", "Records", "Why"],
      BASELINE_POLICY.map((r) => [
        CATEGORY_LABELS[r.category],
        LEVEL_WORDS[r.level],
        audienceInWords(r.audience, r.category),
        conditionInWords(r),
        r.why,
      ]),
    ),

    "## Handling caveats",
    [
      "An author marks a record with handling caveats (some categories always carry one). A caveat overrides every broader",
      "allow: the baseline rules, information sharing agreements and break-glass. Only an explicit share from the owning",
      "agency, which records a purpose and a lawful basis, reaches past it.",
    ].join("\n"),
    table(
      ["Caveat", "Keeps the record to"],
      CAVEATS.map((c) => [CAVEAT_LABELS[c], CAVEAT_RULES[c].keepsTo]),
    ),
    `Perpetrator-facing roles: ${roleList(PERPETRATOR_FACING_ROLES)}.`,

    "## Standing rules",
    STANDING_RULES.map((r) => `- ${r}`).join("\n"),

    "## Email and calendar files",
    [
      "Email leaves Concord's control (forwarding rules, shared mailboxes, phones, personal accounts), so an email is",
      "**content-free by design** (decision 0042, `app/domain/email-content.ts`): its subject and body say only what kind of",
      "thing needs the person, with one link to it (the configured `CONCORD_BASE_URL` and a path of ids). Never a person's",
      "name, a case reference, a case detail, a risk level or any text from a record, in the subject or the body; the",
      "in-portal notification's text is never used. The case reference is left out too: it would tie an email to a case",
      "for anyone reading a forwarded or shared mailbox, and the link reaches the case after sign-in, through the gate.",
      'A daily summary lists kinds and links only. A meeting\'s calendar file carries the kind of meeting ("Stalking clinic"',
      'or "MAPPA meeting"), when, the place or video link, and a link: never the meeting\'s title, agenda or a case.',
      "Kinds that cannot be turned off or put in the daily summary: " +
        EMAIL_KINDS.filter(isRequiredKind)
          .map((k) => EMAIL_KIND_TEXT[k].label.toLowerCase())
          .join("; ") +
        ".",
    ].join("\n"),

    "## Explicit shares",
    [
      "A member of the owning agency's case team, or one of its supervisors, may share one signed-off record with an",
      "agency, a role or a person, for a purpose and with a lawful basis, optionally until an expiry date. A share gives",
      "full read of that record until it expires or is revoked, and is the only way past a handling caveat.",
    ].join("\n"),
    [
      "- **A share never carries more than its sharer reads.** The sharer must read the record in full by standing access",
      "  (the baseline rules and agreements), not through a share to them or a break-glass grant, which are given to a",
      "  person for a reason and are not passed on. Otherwise the share page, its data request and the share action answer",
      "  404 (audited) and show nothing of the record, exactly as the record's own page would.",
      "- **A share never reaches its sharer.** A share to an agency the sharer works in, a role the sharer holds, or the",
      "  sharer in person is refused with a message, and the form does not offer them: such a share could only widen the",
      "  sharer's own access, now or after their standing access ends.",
      '- **A share of a risk assessment follows its versions** unless the sharer chooses "this version only" when sharing',
      "  (following is the default). When a later version of the series is countersigned, each share that follows the series",
      "  and is still in force is carried to it in the same transaction: the same recipient, purpose, lawful basis, sharer",
      "  and expiry, marked with the share the sharer made, audited as `record.share_carried`. Recipients who may read the new",
      "  version are told it was updated (the kind of record and, if they may open the case, its reference; never its title",
      "  or content). The share page lists the versions each recipient can see. Revoking any of them revokes the share for",
      "  every version; a revoked or expired share is not carried. Shares are rows the gate reads like any other share, so",
      "  the scope in SQL is unchanged (decision 0034).",
      '- Every "Share" link is shown by the same rule (`can(actor, "share_record", record)`, `app/access/workflows.ts`).',
    ].join("\n"),
    "### Who may share a signed-off record owned by their own agency, with no caveat",
    shareMatrix(),

    "## Workflows",
    [
      "Who may do what in the partnership's workflows is data too (`WORKFLOW_RULES` in `app/access/workflows.ts`): each row",
      "grants an action to holders of the roles named when every condition holds; rows for the same action are",
      "alternatives, and nothing else is allowed. One question, `can(actor, action, subject)`, shows each link and button",
      "and guards each page and action; a refusal is audited once and answered 404 when the actor may not know the thing",
      "exists, 403 when they may see it but not do this.",
    ].join("\n"),
    ...workflowTables(),

    "## Countersigning and signing off: the agency-supervisor rule",
    "One predicate (`app/access/agency-supervision.ts`) decides these workflow steps, for links, lists, pages and actions:",
    AGENCY_SUPERVISION_RULES.map((r) => `- ${r}`).join("\n"),
    "### Who may countersign a risk assessment submitted by someone else in their own agency, on a case their agency works",
    countersignMatrix(),
    "### Who may sign off pre-sentence input submitted by someone else in their own agency, on a case their agency works",
    preSentenceSignOffMatrix(),

    "## Actions from meetings",
    "One predicate per step (`app/access/meeting-actions.ts`) shows each button and guards each change:",
    MEETING_ACTION_RULES.map((r) => `- ${r}`).join("\n"),

    "## Information sharing agreements",
    [
      "Agreements are data, not code: a system administrator adds, changes and retires them under *Sharing agreements*",
      "(agency administrators and auditors may read them). An agreement names a category, the agency that shares it, who",
      "receives it (a type of agency, an agency and/or a role; a person must match every one named), the purposes it is",
      "for, full or summary, a lawful basis, a start date and a review date. It reaches members of a case team only, for",
      "the sharing agency's signed-off records, while they work for one of its purposes. Handling caveats still apply.",
      "Changes take effect at the next request. A passed review date flags the agreement for review; it does not stop it.",
    ].join("\n"),

    "## Purposes",
    "Everyone works for a purpose, recorded with every access.",
    table(
      ["Purpose", "Code", "Notes"],
      PURPOSES.map((p) => [
        PURPOSE_LABELS[p],
        `\`${p}\``,
        MEETING_PURPOSES.includes(p)
          ? "A meeting purpose: victim contact and location is never shown."
          : p === "break_glass"
            ? "Recorded for views under a break-glass grant; never given by an agreement."
            : p === "countersign"
              ? "Recorded when a supervisor opens, countersigns or returns a submission by the agency-supervisor rule; never given by an agreement or a share."
              : "",
      ]),
    ),

    "## Lawful bases",
    "Explicit shares and agreements each record one of these:",
    table(
      ["Lawful basis", "Code"],
      LAWFUL_BASES.map((b) => [LAWFUL_BASIS_LABELS[b], `\`${b}\``]),
    ),

    "## Who sees what",
    [
      "Each matrix shows the level the gate gives one person in each role for a signed-off record of a case with no",
      "caveat, worked for the purpose of case work, with no agreements, shares or break-glass grants. Each person works in",
      "the first type of agency their role may be held in (*Other* for roles any agency may hold). Columns are category",
      "codes (see the category table).",
    ].join("\n"),
    "### Member of the case team, record owned by another agency",
    matrix(true, "another"),
    "### Not on the case team, record owned by another agency",
    matrix(false, "another"),
    "### Member of the case team, record owned by their own agency",
    matrix(true, "own"),
    "### Not on the case team, record owned by their own agency",
    matrix(false, "own"),
  ];
  return `${sections.join("\n\n")}\n`;
}

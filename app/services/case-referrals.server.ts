import type { z } from "zod";
import type { Actor } from "~/access/actor";
import { audit } from "~/access/audit.server";
import { getDb } from "~/db.server";
import type { ReferralCreate, ReferralUpdate } from "~/api/schemas";
import type { FieldErrors } from "~/forms/parse-form";
import { createCase, detailsForm, mayCreateCase, updateCaseDetails } from "./case-lifecycle.server";
import { recordIncident } from "./incidents.server";
import { addParty } from "./people.server";

/*
 * A stalking crime referred for screening from another system (issue 22, decision 0056): the case, its people and
 * its incidents, written through the services the pages use ("Create a case", "Add a person", "Record an incident"),
 * so the gate, the forms' own checks, person matching by identifier, charging deadlines and audit entries are the
 * pages'. All in one transaction: the services' own transactions become savepoints of it, and anything refused
 * undoes everything (their audit entries too, which are written in the transaction; the refusal is audited after).
 */

type ReferralInput = z.infer<typeof ReferralCreate>;
export type ReferralCreatedBody = {
  id: string;
  reference: string;
  status: string;
  people: { id: string; partyRole: "victim" | "perpetrator"; linked: boolean }[];
  incidents: { id: string }[];
};
export type ReferralResult =
  | { ok: true; body: ReferralCreatedBody }
  | { ok: false; status: 403 | 400; detail?: string; errors?: { field: string; message: string }[] };

/** Whether the actor may refer a case for screening: the same decision as "Create a case". */
export const mayRefer = mayCreateCase;

/** An incident's JSON as the "Record an incident" form sends it (a GOV.UK date input's three fields). */
function incidentFormValues(i: ReferralInput["incidents"][number]): Record<string, string | string[]> {
  const [year = "", month = "", day = ""] = i.occurredOn.split("-");
  return {
    "occurred-day": day,
    "occurred-month": month,
    "occurred-year": year,
    time: i.time,
    behaviours: i.behaviours,
    four: i.four,
    source: i.source,
    crimeReference: i.crimeReference ?? "",
    offences: [],
    description: i.description,
    caveats: i.caveats,
  };
}

/** A person's JSON as the "Add a person" form sends it. */
function personFormValues(p: ReferralInput["people"][number]): Record<string, string | string[]> {
  const [year = "", month = "", day = ""] = (p.dateOfBirth ?? "").split("-");
  return {
    partyRole: p.partyRole,
    fullName: p.fullName,
    aliases: p.aliases.join("\n"),
    "dateOfBirth-day": day,
    "dateOfBirth-month": month,
    "dateOfBirth-year": year,
    pnc: p.pnc ?? "",
    ndelius: p.ndelius ?? "",
    nhs: p.nhs ?? "",
  };
}

// The form's field names where they differ from the JSON's.
const INCIDENT_FIELDS: Record<string, string> = { occurred: "occurredOn" };

function listed(prefix: string, errors: FieldErrors, rename: Record<string, string> = {}) {
  return Object.entries(errors).map(([field, message]) => ({ field: `${prefix}${rename[field] ?? field}`, message }));
}

class Refused extends Error {
  constructor(readonly errors: { field: string; message: string }[]) {
    super("referral refused");
  }
}

/**
 * Creates the referral as `actor`; `reload` builds the actor again once the case exists (its creator is on the new
 * case's team, as on the page, which is what lets it add the people and incidents). Bad input writes nothing.
 */
export function createReferral(actor: Actor, reload: () => Actor | null, input: ReferralInput): ReferralResult {
  if (!mayRefer(actor)) {
    audit({
      actorUserId: actor.userId,
      actorAgencyId: actor.agencyId,
      action: "referral.create",
      subjectType: "Case",
      outcome: "denied",
      detail: { reason: "role" },
    });
    return {
      ok: false,
      status: 403,
      detail: "The account's role may not refer cases: only roles that may create a case on the Create a case page",
    };
  }
  try {
    const body = getDb().transaction(
      (): ReferralCreatedBody => {
        const created = createCase(actor, {
          status: "referred",
          relationship: input.case.relationship,
          motivation: input.case.motivation,
          flags: input.case.flags,
        });
        if (!created.ok) throw new Refused(listed("case.", created.errors));
        const member = reload();
        if (!member) throw new Refused([{ field: "request", message: "The account can no longer be used" }]);
        const people: ReferralCreatedBody["people"] = [];
        const errors: { field: string; message: string }[] = [];
        input.people.forEach((p, i) => {
          const added = addParty(member, created.id, personFormValues(p));
          if (added.ok) people.push({ id: added.personId, partyRole: p.partyRole, linked: added.linked });
          else errors.push(...listed(`people.${i}.`, added.errors));
        });
        const incidents: ReferralCreatedBody["incidents"] = [];
        input.incidents.forEach((incident, i) => {
          const recorded = recordIncident(member, created.id, incidentFormValues(incident));
          if (recorded.ok) incidents.push({ id: recorded.id });
          else errors.push(...listed(`incidents.${i}.`, recorded.errors, INCIDENT_FIELDS));
        });
        if (errors.length) throw new Refused(errors);
        audit({
          actorUserId: actor.userId,
          actorAgencyId: actor.agencyId,
          action: "referral.create",
          subjectType: "Case",
          subjectId: created.id,
          caseId: created.id,
          outcome: "done",
          detail: { people: people.length, incidents: incidents.length },
        });
        return { id: created.id, reference: created.reference, status: "referred", people, incidents };
      },
      { behavior: "immediate" },
    );
    return { ok: true, body };
  } catch (error) {
    if (!(error instanceof Refused)) throw error;
    audit({
      actorUserId: actor.userId,
      actorAgencyId: actor.agencyId,
      action: "referral.create",
      subjectType: "Case",
      outcome: "failed",
      detail: {
        fields: error.errors
          .map((e) => e.field)
          .join(",")
          .slice(0, 500),
      },
    });
    return { ok: false, status: 400, detail: "Nothing was saved: correct the fields listed", errors: error.errors };
  }
}

export type ReferralDetailsBody = {
  id: string;
  reference: string;
  status: string;
  relationship: string | null;
  motivation: string;
  flags: string[];
};

/** The referral's details as the actor may change them (404, audited, for a case it may not update). */
export function referralDetails(actor: Actor, caseId: string): ReferralDetailsBody {
  const form = detailsForm(actor, caseId);
  return {
    id: form.case.id,
    reference: form.case.reference,
    status: form.case.status,
    relationship: form.values.relationship ?? null,
    motivation: form.values.motivation,
    flags: form.values.flags,
  };
}

export type ReferralUpdateResult =
  | { ok: true; body: ReferralDetailsBody }
  | { ok: false; status: 400 | 409 | 412; detail?: string; errors?: { field: string; message: string }[] };

/**
 * Changes a referral's details before screening, if `matches` says the details the caller last read are the current
 * ones (If-Match). The read, the comparison and the write are one IMMEDIATE transaction, so two writers who read the
 * same version cannot both win. Once screened (no longer Referred), the lead agency's people own the case: 409.
 */
export function updateReferral(
  actor: Actor,
  caseId: string,
  input: z.infer<typeof ReferralUpdate>,
  matches: (current: ReferralDetailsBody) => boolean,
): ReferralUpdateResult {
  return getDb().transaction(
    (): ReferralUpdateResult => {
      const current = referralDetails(actor, caseId);
      if (!matches(current))
        return {
          ok: false,
          status: 412,
          detail: "The referral has changed since you read it: read it again and send its new ETag",
        };
      if (current.status !== "referred")
        return {
          ok: false,
          status: 409,
          detail: "The referral has been screened: its details are changed on the case's pages now",
        };
      const updated = updateCaseDetails(actor, caseId, {
        relationship: input.relationship,
        motivation: input.motivation,
        flags: input.flags,
      });
      if (!updated.ok) return { ok: false, status: 400, errors: listed("", updated.errors) };
      return { ok: true, body: referralDetails(actor, caseId) };
    },
    { behavior: "immediate" },
  );
}

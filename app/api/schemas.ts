import { extendZodWithOpenApi } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { API_SCOPES } from "~/access/service-accounts";
import { CAVEATS } from "~/access/vocabulary";
import { CASE_FLAGS } from "~/domain/case-lifecycle";
import { MOTIVATIONS, PARTY_ROLES, RELATIONSHIPS } from "~/domain/case-vocabulary";
import { BEHAVIOURS, FOUR_INDICATORS, INCIDENT_SOURCES } from "~/domain/behaviours";
import { ActionFilterFields } from "~/forms/action-filters";
import { CaseDetailsSchema } from "~/services/case-lifecycle.server";
import { DESCRIPTION_MAX } from "~/services/incidents.server";

/*
 * The JSON API's shapes (issue 22, decision 0050), one zod schema each: the OpenAPI description is generated from
 * them (openapi.server.ts), and every answer is parsed through its schema before it is sent, so a field not declared
 * here never leaves the server (zod drops unknown keys). Query parameters use the same field schemas as the forms.
 */
extendZodWithOpenApi(z);

export const Withheld = z
  .object({ withheld: z.literal(true), heldBy: z.string() })
  .openapi("Withheld", { description: "Held by another agency: the reader may know it exists, not what it says" });

export const RiskPictureEntry = z
  .object({
    recordId: z.string(),
    instrument: z.string(),
    ownerAgency: z.string(),
    riskLevel: z.enum(["standard", "medium", "high"]).nullable(),
    riskLevelLabel: z.string(),
    signedOffOn: z.string().openapi({ format: "date-time" }),
    level: z.enum(["full", "summary"]),
    judgements: z.union([z.array(z.object({ label: z.string(), value: z.string() })), Withheld]),
  })
  .openapi("RiskPictureEntry", { description: "The latest signed-off judgement of one instrument by one agency" });

export const OrderDetails = z.object({
  status: z.string(),
  statusLabel: z.string(),
  inForce: z.boolean(),
  appliedOn: z.string().nullable(),
  hearingOn: z.string().nullable(),
  decidedOn: z.string().nullable(),
  expiresOn: z.string().nullable(),
  endedOn: z.string().nullable(),
  prohibitions: z.array(z.string()),
  requirements: z.array(z.string()),
});

export const Order = z
  .object({
    id: z.string(),
    orderType: z.string(),
    title: z.string(),
    summary: z.string(),
    level: z.enum(["full", "summary"]),
    ownerAgency: z.string(),
    updatedAt: z.string().openapi({ format: "date-time" }),
    details: z.union([OrderDetails, Withheld]),
  })
  .openapi("Order");

export const CaseRiskAndOrders = z
  .object({
    id: z.string(),
    reference: z.string(),
    status: z.string(),
    leadAgency: z.string(),
    riskPicture: z.array(RiskPictureEntry),
    orders: z.array(Order),
  })
  .openapi("CaseRiskAndOrders");

export const AgencyAction = z
  .object({
    id: z.string(),
    meetingId: z.string(),
    caseReference: z.string(),
    text: z.string(),
    owner: z.string(),
    dueOn: z.string().openapi({ format: "date" }),
    overdue: z.boolean(),
  })
  .openapi("AgencyAction");

export const AgencyActionPage = z
  .object({
    items: z.array(AgencyAction),
    next: z.string().nullable().openapi({ description: "Pass as `after` for the next page; null on the last page" }),
  })
  .openapi("AgencyActionPage");

export const ActionListQuery = z.object({
  due: ActionFilterFields.due,
  limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ description: "Items per page (1 to 200)" }),
  after: z
    .string()
    .max(120)
    .regex(/^\d{4}-\d{2}-\d{2}~[A-Za-z0-9-]{1,64}$/, "after must be the `next` value of the previous page")
    .optional(),
});

export const Chronology = z
  .object({
    case: z.object({ id: z.string(), reference: z.string() }),
    entries: z.array(
      z.object({
        on: z.string().openapi({ format: "date-time" }),
        kind: z.enum(["incident", "order", "risk", "document"]),
        title: z.string(),
        detail: z.string().openapi({
          description: "The reader's own view: a summary and who holds the details where they may not read them",
        }),
        agency: z.string(),
      }),
    ),
  })
  .openapi("Chronology", {
    description: "Incidents, protective orders, signed-off risk judgements and documents (metadata only), oldest first",
  });

export const CaseIdParam = z.object({ caseId: z.string().min(1).max(64).openapi({ description: "The case's id" }) });

export const ProblemSchema = z
  .object({
    type: z.string().url(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .openapi("Problem", { description: "RFC 9457 problem details" });

export const SCOPES = API_SCOPES;

// --- Referrals (decision 0056): a police record sent for screening, and its details before screening.

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-03-14");

/**
 * The case part of a referral: the "Create a case" form's own schema (relationship, motivation, flags), which the
 * service parses again; the status is always "referred" (awaiting screening).
 */
export const ReferralCase = CaseDetailsSchema.openapi("ReferralCase", {
  description: "As on the Create a case page; the case starts as Referred, awaiting screening",
});

/** A victim or perpetrator: the "Add a person" form's fields in JSON (checked again by that form's schema). */
export const ReferralPerson = z
  .object({
    partyRole: z.enum(PARTY_ROLES),
    fullName: z.string().min(1).max(120),
    aliases: z.array(z.string().min(1).max(120)).max(10).default([]),
    dateOfBirth: isoDate.optional(),
    pnc: z
      .string()
      .max(20)
      .optional()
      .openapi({ description: "PNC number, like 87/123456X (a perpetrator's or victim's, as the form allows)" }),
    ndelius: z.string().max(20).optional().openapi({ description: "nDelius CRN, like X123456" }),
    nhs: z.string().max(20).optional().openapi({ description: "NHS number" }),
  })
  .strict()
  .openapi("ReferralPerson", { description: "An existing person with the same identifier is linked, as on the page" });

/** An incident of the course of conduct: the "Record an incident" form's fields in JSON (checked again by its schema). */
export const ReferralIncident = z
  .object({
    occurredOn: isoDate.openapi({ description: "The London date of the incident" }),
    time: z.string().min(1).max(32).openapi({ description: "24-hour London time, like 14:30" }),
    behaviours: z.array(z.enum(BEHAVIOURS)).min(1),
    four: z.array(z.enum(FOUR_INDICATORS)).default([]),
    source: z.enum(INCIDENT_SOURCES),
    crimeReference: z.string().max(200).optional(),
    description: z.string().min(1).max(DESCRIPTION_MAX),
    caveats: z
      .array(z.enum(CAVEATS))
      .default([])
      .openapi({ description: "Caveats the account's agency may add, as on the page" }),
  })
  .strict()
  .openapi("ReferralIncident");

export const ReferralCreate = z
  .object({
    case: ReferralCase,
    people: z.array(ReferralPerson).min(1).max(10),
    incidents: z.array(ReferralIncident).max(50).default([]),
  })
  .strict()
  .openapi("ReferralCreate", {
    description:
      "A stalking crime from a police record, for screening: the case, its people and its incidents, written in one transaction or not at all",
  });

export const ReferralCreated = z
  .object({
    id: z.string(),
    reference: z.string(),
    status: z.string(),
    people: z.array(
      z.object({
        id: z.string(),
        partyRole: z.enum(PARTY_ROLES),
        linked: z.boolean().openapi({ description: "An existing person record was linked by identifier" }),
      }),
    ),
    incidents: z.array(z.object({ id: z.string() })),
  })
  .openapi("ReferralCreated");

/** The referral's details the sender may change before screening; its ETag is what If-Match names. */
export const ReferralDetails = z
  .object({
    id: z.string(),
    reference: z.string(),
    status: z.string(),
    relationship: z.enum(RELATIONSHIPS).nullable(),
    motivation: z.enum(MOTIVATIONS),
    flags: z.array(z.enum(CASE_FLAGS)),
  })
  .openapi("ReferralDetails");

export const ReferralUpdate = CaseDetailsSchema.openapi("ReferralUpdate", {
  description: "As on the case's Details page: every field, replacing the current ones",
});

export const IdempotencyKeyHeader = z.object({
  "Idempotency-Key": z.string().min(1).max(255).openapi({
    description:
      "Unique per referral (a UUID): a retry with the same key and body gets the first answer and writes nothing; with another body, 422",
  }),
});
export const IfMatchHeader = z.object({
  "If-Match": z
    .string()
    .openapi({ description: "The ETag of the referral as last read; 412 if it has changed since, 428 if missing" }),
});

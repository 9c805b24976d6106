import { extendZodWithOpenApi } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { API_SCOPES } from "~/access/service-accounts";
import { ActionFilterFields } from "~/forms/action-filters";

/*
 * The JSON API's shapes (issue 22, decision 0050), one zod schema each: the OpenAPI description is generated from
 * them (openapi.server.ts), and every answer is parsed through its schema before it is sent, so a field not declared
 * here never leaves the server (zod drops unknown keys). Query parameters use the same field schemas as the forms.
 */
extendZodWithOpenApi(z);

export const Withheld = z.object({ withheld: z.literal(true), heldBy: z.string() }).openapi("Withheld", { description: "Held by another agency: the reader may know it exists, not what it says" });

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
        kind: z.enum(["incident", "order", "risk"]),
        title: z.string(),
        detail: z.string().openapi({ description: "The reader's own view: a summary and who holds the details where they may not read them" }),
        agency: z.string(),
      }),
    ),
  })
  .openapi("Chronology", { description: "Incidents, protective orders and signed-off risk judgements, oldest first" });

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

import { OpenAPIRegistry, OpenApiGeneratorV3 } from "@asteasolutions/zod-to-openapi";
import { API_SCOPE_LABELS, API_SCOPES } from "~/access/service-accounts";
import {
  ActionListQuery,
  AgencyActionPage,
  CaseIdParam,
  CaseRiskAndOrders,
  Chronology,
  IdempotencyKeyHeader,
  IfMatchHeader,
  ProblemSchema,
  ReferralCreate,
  ReferralCreated,
  ReferralDetails,
  ReferralUpdate,
} from "./schemas";

/*
 * The OpenAPI 3.0 description of /api/v1, generated from the zod schemas the API parses and answers with
 * (app/api/schemas.ts), served at /api/v1/openapi.json. Each path names the scope it needs.
 */

export type ApiEndpoint = { method: "get" | "post" | "patch"; path: string; scope: (typeof API_SCOPES)[number] };

/** Every endpoint, for the description and for the test that calls each one. */
export const API_ENDPOINTS: ApiEndpoint[] = [
  { method: "get", path: "/api/v1/cases/{caseId}", scope: "cases:read" },
  { method: "get", path: "/api/v1/actions", scope: "actions:read" },
  { method: "get", path: "/api/v1/cases/{caseId}/chronology", scope: "chronology:read" },
  { method: "post", path: "/api/v1/referrals", scope: "referrals:write" },
  { method: "get", path: "/api/v1/referrals/{caseId}", scope: "referrals:write" },
  { method: "patch", path: "/api/v1/referrals/{caseId}", scope: "referrals:write" },
];

const problems = {
  400: { description: "The request is not valid", content: { "application/problem+json": { schema: ProblemSchema } } },
  401: {
    description: "No token, or one that is unknown, expired or revoked",
    content: { "application/problem+json": { schema: ProblemSchema } },
  },
  403: { description: "The token lacks the scope", content: { "application/problem+json": { schema: ProblemSchema } } },
  404: {
    description: "Not found, or not within what the account's role may see",
    content: { "application/problem+json": { schema: ProblemSchema } },
  },
  429: {
    description: "Too many requests from this account; see Retry-After",
    content: { "application/problem+json": { schema: ProblemSchema } },
  },
};
const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ProblemSchema } },
});
const writeProblems = {
  ...problems,
  413: problem("The body is over 256 KB"),
  415: problem("The body is not application/json"),
};

let cached: object | undefined;

export function openApiDocument(): object {
  if (cached) return cached;
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent("securitySchemes", "serviceToken", {
    type: "http",
    scheme: "bearer",
    description: "A service account's token, created by an agency administrator at /admin/service-accounts",
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/cases/{caseId}",
    summary: "A case's signed-off risk picture and protective orders",
    description: `Scope \`cases:read\`: ${API_SCOPE_LABELS["cases:read"]}. What a person of the account's role in its agency may see, redacted alike. Answers carry an ETag; send If-None-Match for 304.`,
    security: [{ [bearer.name]: [] }],
    request: { params: CaseIdParam },
    responses: {
      200: { description: "The case", content: { "application/json": { schema: CaseRiskAndOrders } } },
      304: { description: "Not changed since the ETag given" },
      ...problems,
    },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/actions",
    summary: "Open actions from meetings assigned to the agency",
    description: `Scope \`actions:read\`: ${API_SCOPE_LABELS["actions:read"]}. Soonest due first, a page at a time.`,
    security: [{ [bearer.name]: [] }],
    request: { query: ActionListQuery },
    responses: {
      200: { description: "A page of actions", content: { "application/json": { schema: AgencyActionPage } } },
      304: { description: "Not changed since the ETag given" },
      ...problems,
    },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/cases/{caseId}/chronology",
    summary: "Export a case's chronology",
    description: `Scope \`chronology:read\`: ${API_SCOPE_LABELS["chronology:read"]}. Cut for the account as for a person of its role.`,
    security: [{ [bearer.name]: [] }],
    request: { params: CaseIdParam },
    responses: {
      200: { description: "The chronology", content: { "application/json": { schema: Chronology } } },
      304: { description: "Not changed since the ETag given" },
      ...problems,
    },
  });
  registry.registerPath({
    method: "post",
    path: "/api/v1/referrals",
    summary: "Refer a stalking crime from a police record for screening",
    description: `Scope \`referrals:write\`: ${API_SCOPE_LABELS["referrals:write"]}. Creates a case (status Referred) led by the account's agency, its people and its incidents through the same checks as the pages, in one transaction: any field refused and nothing is saved. Only roles that may create a case may refer (403). Needs an Idempotency-Key.`,
    security: [{ [bearer.name]: [] }],
    request: {
      headers: IdempotencyKeyHeader,
      body: { required: true, content: { "application/json": { schema: ReferralCreate } } },
    },
    responses: {
      201: {
        description: "Referred (or the first answer again, with Idempotent-Replayed: true)",
        content: { "application/json": { schema: ReferralCreated } },
      },
      ...writeProblems,
      422: problem("The Idempotency-Key was used with a different body"),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/referrals/{caseId}",
    summary: "A referral's details, with the ETag to change them",
    description: `Scope \`referrals:write\`. For a case the account may still update (its referrals, while on the case team).`,
    security: [{ [bearer.name]: [] }],
    request: { params: CaseIdParam },
    responses: {
      200: { description: "The referral", content: { "application/json": { schema: ReferralDetails } } },
      304: { description: "Not changed since the ETag given" },
      ...problems,
    },
  });
  registry.registerPath({
    method: "patch",
    path: "/api/v1/referrals/{caseId}",
    summary: "Change a referral's details before screening",
    description: `Scope \`referrals:write\`. Send If-Match with the ETag last read; every field, replacing the current ones.`,
    security: [{ [bearer.name]: [] }],
    request: {
      params: CaseIdParam,
      headers: IfMatchHeader,
      body: { required: true, content: { "application/json": { schema: ReferralUpdate } } },
    },
    responses: {
      200: {
        description: "The referral as changed, with its new ETag",
        content: { "application/json": { schema: ReferralDetails } },
      },
      ...writeProblems,
      409: problem("Already screened: the case's pages change it now"),
      412: problem("Changed since the ETag given"),
      428: problem("If-Match missing"),
    },
  });
  cached = new OpenApiGeneratorV3(registry.definitions).generateDocument({
    openapi: "3.0.3",
    info: {
      title: "Concord API",
      version: "1.0.0",
      description:
        "The JSON API for partner systems (issue 22). Every call is made as a service account and audited with it; the account never sees more than a person of its role. Errors are RFC 9457 problem details.",
    },
    servers: [{ url: "/" }],
  });
  return cached;
}

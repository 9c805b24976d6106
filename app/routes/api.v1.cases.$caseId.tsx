import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiCall } from "~/api/call.server";
import { problemResponse } from "~/api/problem";
import { CaseRiskAndOrders } from "~/api/schemas";
import { caseRiskAndOrders } from "~/services/api-reads.server";

// GET /api/v1/cases/:caseId: a case's signed-off risk picture and protective orders (scope cases:read).
export async function loader({ request, params }: LoaderFunctionArgs) {
  return apiCall(request, "/api/v1/cases/{caseId}", "cases:read", CaseRiskAndOrders, ({ actor }) => ({
    ok: true,
    body: caseRiskAndOrders(actor, (params.caseId ?? "").slice(0, 64)),
  }));
}

export async function action() {
  return problemResponse(405, "GET only", { headers: { Allow: "GET" } });
}

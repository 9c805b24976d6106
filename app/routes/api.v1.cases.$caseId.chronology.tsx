import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiCall } from "~/api/call.server";
import { problemResponse } from "~/api/problem";
import { Chronology } from "~/api/schemas";
import { caseChronology } from "~/services/chronology.server";

// GET /api/v1/cases/:caseId/chronology: the case's chronology, cut for the account (scope chronology:read).
export async function loader({ request, params }: LoaderFunctionArgs) {
  return apiCall(request, "/api/v1/cases/{caseId}/chronology", "chronology:read", Chronology, ({ actor }) => ({
    ok: true,
    body: caseChronology(actor, (params.caseId ?? "").slice(0, 64), "json"),
  }));
}

export async function action() {
  return problemResponse(405, "GET only", { headers: { Allow: "GET" } });
}

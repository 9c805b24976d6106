import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiCall, fieldErrors } from "~/api/call.server";
import { problemResponse } from "~/api/problem";
import { ActionListQuery, AgencyActionPage } from "~/api/schemas";
import { agencyActionsPage } from "~/services/api-reads.server";

// GET /api/v1/actions: open actions from meetings assigned to the agency, a page at a time (scope actions:read).
export async function loader({ request }: LoaderFunctionArgs) {
  return apiCall(request, "/api/v1/actions", "actions:read", AgencyActionPage, ({ actor, url }) => {
    const query = ActionListQuery.safeParse(Object.fromEntries(url.searchParams));
    if (!query.success) return { ok: false, status: 400, errors: fieldErrors(query.error) };
    const page = agencyActionsPage(actor, query.data);
    if (!page.ok)
      return {
        ok: false,
        status: 400,
        errors: Object.entries(page.errors).map(([field, message]) => ({ field, message })),
      };
    return { ok: true, body: page };
  });
}

export async function action() {
  return problemResponse(405, "GET only", { headers: { Allow: "GET" } });
}

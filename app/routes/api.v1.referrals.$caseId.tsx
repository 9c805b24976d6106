import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { answerText, apiCall, etagOf, fieldErrors } from "~/api/call.server";
import { problemResponse } from "~/api/problem";
import { ReferralDetails, ReferralUpdate } from "~/api/schemas";
import { referralDetails, updateReferral } from "~/services/case-referrals.server";

// GET /api/v1/referrals/:caseId: a referral's details, with the ETag that PATCH's If-Match names (scope referrals:write).
export async function loader({ request, params }: LoaderFunctionArgs) {
  return apiCall(request, "/api/v1/referrals/{caseId}", "referrals:write", ReferralDetails, ({ actor }) => ({
    ok: true,
    body: referralDetails(actor, (params.caseId ?? "").slice(0, 64)),
  }));
}

/** The ETags an If-Match header names ("*" matches any current version). */
function namedTags(header: string): string[] {
  // Strong comparison (RFC 9110): a weak tag never matches.
  return header.split(",").map((s) => s.trim());
}

// PATCH /api/v1/referrals/:caseId: change the details before screening, only with If-Match (428 without, 412 if stale).
export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== "PATCH") return problemResponse(405, "GET or PATCH", { headers: { Allow: "GET, PATCH" } });
  return apiCall(request, "/api/v1/referrals/{caseId}", "referrals:write", ReferralDetails, ({ actor, body }) => {
    const ifMatch = request.headers.get("if-match");
    if (!ifMatch)
      return {
        ok: false,
        status: 428,
        detail: "Send If-Match with the ETag of the referral as you last read it (GET /api/v1/referrals/{caseId})",
      };
    const input = ReferralUpdate.safeParse(body);
    if (!input.success)
      return {
        ok: false,
        status: 400,
        detail: "Nothing was saved: correct the fields listed",
        errors: fieldErrors(input.error),
      };
    const tags = namedTags(ifMatch);
    const updated = updateReferral(
      actor,
      (params.caseId ?? "").slice(0, 64),
      input.data,
      (current) => tags.includes("*") || tags.includes(etagOf(answerText(ReferralDetails, current))),
    );
    return updated.ok ? { ok: true, body: updated.body } : updated;
  });
}

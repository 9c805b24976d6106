import type { ActionFunctionArgs } from "@remix-run/node";
import { loadServiceActor } from "~/access/actor.server";
import { apiCall, fieldErrors } from "~/api/call.server";
import { idempotencyKeyOf, oncePerKey } from "~/api/idempotency.server";
import { problemResponse } from "~/api/problem";
import { ReferralCreate, ReferralCreated } from "~/api/schemas";
import { createReferral } from "~/services/case-referrals.server";

// POST /api/v1/referrals: a stalking crime from a police record, for screening (scope referrals:write; decision 0056).
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return problemResponse(405, "POST only", { headers: { Allow: "POST" } });
  return apiCall(request, "/api/v1/referrals", "referrals:write", ReferralCreated, ({ actor, account, body }) => {
    const key = idempotencyKeyOf(request);
    if (!key.ok) return key.answer;
    const input = ReferralCreate.safeParse(body);
    if (!input.success)
      return {
        ok: false,
        status: 400,
        detail: "Nothing was saved: correct the fields listed",
        errors: fieldErrors(input.error),
      };
    const answer = oncePerKey(account.id, key.key, "POST /api/v1/referrals", JSON.stringify(body), () => {
      const made = createReferral(actor, () => loadServiceActor(account), input.data);
      return made.ok ? { ok: true, status: 201, body: made.body } : made;
    });
    if (!answer.ok) return answer;
    return {
      ...answer,
      headers: { ...answer.headers, Location: `/api/v1/referrals/${(answer.body as { id: string }).id}` },
    };
  });
}

export async function loader() {
  return problemResponse(405, "POST only", { headers: { Allow: "POST" } });
}

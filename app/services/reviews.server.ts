import type { Actor } from "~/access/actor";
import { audit } from "~/access/audit.server";
import { authorize, can } from "~/access/gate.server";
import { pendingAccessRequests } from "./access-requests.server";
import { grantsToReview } from "./break-glass.server";
import { opens } from "~/access/service-areas.server";

/**
 * The review queue: emergency access grants waiting for review (supervisors of the holder's agency, auditors)
 * and access requests waiting for a decision (supervisors of the owning agency). Anyone else gets 403, audited.
 */
export function reviewQueue(actor: Actor) {
  // The same predicate shows the navigation's link (app/access/service-areas.server.ts).
  if (!opens(actor, "reviews")) authorize(actor, "review", "BreakGlassGrant");
  const mayReview = can(actor, "review", "BreakGlassGrant");
  const mayDecide = can(actor, "decide", "AccessRequest");
  const grants = grantsToReview(actor);
  const requests = pendingAccessRequests(actor);
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "reviews.view",
    outcome: "allowed",
    detail: { grants: grants.length, requests: requests.length },
  });
  return { grants, requests, mayReview, mayDecide };
}

import { buildAbility, type AppAbility, type RecordAttributes } from "./ability";
import type { Actor } from "./actor";
import { accessLevel } from "./redact";

/**
 * The sharer's standing access: what they read without a share addressed to them or a break-glass grant. Both
 * of those are given to a person for a reason (a share is one record for one purpose; break-glass is time-limited
 * and reviewed), so neither may be passed on.
 */
function standingActor(actor: Actor): Actor {
  let standing = standingActors.get(actor);
  if (!standing) {
    standing = { ...actor, sharedRecordIds: [], breakGlassCaseIds: [] };
    standingActors.set(actor, standing);
  }
  return standing;
}

const standingActors = new WeakMap<Actor, Actor>();
const standingAbilities = new WeakMap<Actor, AppAbility>();

/**
 * The level of a record the actor reads by standing access (baseline rules and agreements) alone. The share rule
 * (decision 0023, the `share_record` rows in workflows.ts) lets someone share only a record they read in full this
 * way, so a share never carries more than its sharer may read.
 */
export function standingLevel(actor: Actor, record: RecordAttributes): "full" | "summary" | "none" {
  const standing = standingActor(actor);
  let ability = standingAbilities.get(standing);
  if (!ability) {
    ability = buildAbility(standing);
    standingAbilities.set(standing, ability);
  }
  return accessLevel(standing, record, ability);
}

export type ShareAudience =
  { kind: "agency"; agencyId: string } | { kind: "role"; role: string } | { kind: "user"; userId: string };

/**
 * Whether a share would reach its own sharer. Such a share is refused whoever it names (an agency they work in, a
 * role they hold, or themselves): it could only widen the sharer's own access, now or once their standing access
 * ends (off the team, a grant expired), and so would be a way round the policy rather than a disclosure to someone else.
 */
export function shareReachesSharer(actor: Actor, to: ShareAudience): boolean {
  switch (to.kind) {
    case "agency":
      return to.agencyId === actor.agencyId;
    case "role":
      return (actor.roles as readonly string[]).includes(to.role);
    case "user":
      return to.userId === actor.userId;
  }
}

/** The sharer's choice for a record with versions (a risk assessment): this version and later ones, or this one only. */
export const SHARE_VERSION_CHOICES = ["series", "this"] as const;
export type ShareVersionChoice = (typeof SHARE_VERSION_CHOICES)[number];

/**
 * Whether a share follows its record's later versions (decision 0034). Only a record with versions can have later
 * ones; there, following is the default and "this version only" the sharer's explicit choice.
 */
export function shareFollowsSeries(recordHasVersions: boolean, choice: ShareVersionChoice | null): boolean {
  return recordHasVersions && choice !== "this";
}

/**
 * Whether a share is carried to a newly signed-off version of its series: it follows the series and is still in
 * force (not revoked, not expired). The carried share is the same disclosure (recipient, purpose, lawful basis,
 * sharer, expiry) of the assessment as it now stands, made in the countersignature's transaction.
 */
export function carriesToNewVersion(
  share: { followsSeries: boolean; revokedAt: string | null; expiresAt: string | null },
  now: string,
): boolean {
  return share.followsSeries && share.revokedAt === null && (share.expiresAt === null || share.expiresAt > now);
}

import type { Socket } from "socket.io";
import { audit } from "~/access/audit.server";
import { isFull, newBucket, take, type Bucket, type BucketLimit } from "~/domain/token-bucket";
import { logger } from "~/logger.server";
import { RATE_LIMITED_EVENT, type RateLimited } from "./socket-events";

/** Events one socket may send: a burst, then a sustained rate (decision 0025). */
export const SOCKET_EVENT_LIMIT: BucketLimit = { burst: 20, perSecond: 2 };
/** Events one person may send over all their sockets in this process. */
export const USER_EVENT_LIMIT: BucketLimit = { burst: 40, perSecond: 4 };
/** Open sockets one session may have in this process (a tab's notification count and live meeting are two). */
export const SOCKETS_PER_SESSION = 20;
/** A refused sender is told at most this often, not once per refused event. */
const NOTICE_INTERVAL_MS = 1000;

// In this process's memory (decision 0025): a socket's bucket lives on the socket; a person's outlives their
// sockets (so reconnecting does not refill it) until it is full again, when the sweep forgets it. With several
// worker processes each counts a person's sockets on it separately.
const userBuckets = new Map<string, Bucket>();

type LimitData = { userId: string; agencyId: string; limit?: { bucket: Bucket; noticeAt: number } };

/**
 * Counts one event a socket sent against its own limit and its person's. Refused: the sender is told
 * (`rate-limited`, at most once a second), and the first refusal of a flood is audited; nothing else is done
 * for a refused event, so a flood costs the server almost nothing.
 */
export function admitEvent(socket: Socket, event: string, now = Date.now()): boolean {
  const d = socket.data as LimitData;
  const state = (d.limit ??= { bucket: newBucket(SOCKET_EVENT_LIMIT, now), noticeAt: 0 });
  const own = take(state.bucket, SOCKET_EVENT_LIMIT, now);
  let outcome = own;
  let scope: "socket" | "user" = "socket";
  if (own.allowed) {
    let bucket = userBuckets.get(d.userId);
    if (!bucket) userBuckets.set(d.userId, (bucket = newBucket(USER_EVENT_LIMIT, now)));
    outcome = take(bucket, USER_EVENT_LIMIT, now);
    scope = "user";
    if (own.floodEnded)
      logger.info(
        { event: "socket.flood_ended", limit: "socket", refused: own.floodEnded },
        "socket event flood ended",
      );
  }
  if (outcome.allowed) {
    if (outcome.floodEnded && scope === "user")
      logger.info(
        { event: "socket.flood_ended", limit: "user", refused: outcome.floodEnded },
        "socket event flood ended",
      );
    return true;
  }
  if (outcome.floodStarted) {
    audit({
      actorUserId: d.userId,
      actorAgencyId: d.agencyId,
      action: "socket.rate_limited",
      outcome: "denied",
      detail: { event: event.slice(0, 40), limit: scope },
    });
  }
  if (outcome.floodStarted || now - state.noticeAt >= NOTICE_INTERVAL_MS) {
    state.noticeAt = now;
    const notice: RateLimited = {
      event: event.slice(0, 40),
      retryAfterSeconds: Math.max(1, Math.ceil(outcome.retryAfterMs / 1000)),
    };
    socket.emit(RATE_LIMITED_EVENT, notice);
  }
  return false;
}

/** Forgets the buckets of people who have slowed down enough to fill theirs again (called by the sweep). */
export function forgetFullBuckets(now = Date.now()): void {
  for (const [userId, bucket] of userBuckets)
    if (!bucket.flooding && isFull(bucket, USER_EVENT_LIMIT, now)) userBuckets.delete(userId);
}

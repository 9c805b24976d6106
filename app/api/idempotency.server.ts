import { and, eq, gt, lt } from "drizzle-orm";
import { createHash } from "node:crypto";
import { getDb } from "~/db.server";
import { startSweep } from "~/services/sweeps.server";
import { apiIdempotencyKeys } from "../../db/schema";
import type { ApiAnswer } from "./call.server";

/*
 * Idempotency keys for the API's creates (issue 22, decision 0056). A partner system sends `Idempotency-Key` with a
 * create; the first answer to that key is kept for IDEMPOTENCY_KEY_HOURS per account. The same key with the same
 * body gets that answer again and nothing is written twice; the same key with another body is refused (422). The
 * look-up, the write and the keeping of the answer are one IMMEDIATE transaction, so two retries racing (in one
 * process or several) cannot both write. Refusals (bad input) are not kept: the corrected request may reuse the key.
 */

export const IDEMPOTENCY_KEY_HOURS = 24;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export type IdempotentCall = { ok: true; key: string } | { ok: false; answer: ApiAnswer };

/** The request's key: required for a create, printable ASCII without spaces, 1 to 255 characters. */
export function idempotencyKeyOf(request: Request): IdempotentCall {
  const key = request.headers.get("idempotency-key");
  if (key === null)
    return {
      ok: false,
      answer: {
        ok: false,
        status: 400,
        detail:
          "Send an Idempotency-Key header (a unique value per referral, such as a UUID) so a retry never creates a second one",
      },
    };
  if (!KEY_PATTERN.test(key))
    return {
      ok: false,
      answer: {
        ok: false,
        status: 400,
        detail: "The Idempotency-Key must be 1 to 255 printable characters without spaces",
      },
    };
  return { ok: true, key };
}

function since(now: Date): string {
  return new Date(now.getTime() - IDEMPOTENCY_KEY_HOURS * 3_600_000).toISOString();
}

/**
 * Runs `create` once per account and key. `bodyText`: the body as hashed (the parsed JSON, re-serialised, so
 * whitespace does not make a retry look different); `create` must write through the services, whose own
 * transactions become savepoints of this one.
 */
export function oncePerKey(
  accountId: string,
  key: string,
  endpoint: string,
  bodyText: string,
  create: () => ApiAnswer,
  now = new Date(),
): ApiAnswer {
  const requestHash = createHash("sha256").update(`${endpoint}\n${bodyText}`).digest("hex");
  return getDb().transaction(
    (tx): ApiAnswer => {
      const kept = tx
        .select()
        .from(apiIdempotencyKeys)
        .where(
          and(
            eq(apiIdempotencyKeys.accountId, accountId),
            eq(apiIdempotencyKeys.key, key),
            gt(apiIdempotencyKeys.createdAt, since(now)),
          ),
        )
        .get();
      if (kept) {
        if (kept.requestHash !== requestHash)
          return {
            ok: false,
            status: 422,
            detail: "This Idempotency-Key was already used with a different request: use a new key for a new referral",
          };
        return {
          ok: true,
          status: kept.status as 200 | 201,
          body: JSON.parse(kept.response) as unknown,
          headers: { "Idempotent-Replayed": "true" },
        };
      }
      const answer = create();
      if (!answer.ok) return answer;
      // An expired row of the same key (not yet swept) gives way to the new answer.
      tx.delete(apiIdempotencyKeys)
        .where(and(eq(apiIdempotencyKeys.accountId, accountId), eq(apiIdempotencyKeys.key, key)))
        .run();
      tx.insert(apiIdempotencyKeys)
        .values({
          accountId,
          key,
          endpoint,
          requestHash,
          status: answer.status ?? 200,
          response: JSON.stringify(answer.body),
          createdAt: now.toISOString(),
        })
        .run();
      return answer;
    },
    { behavior: "immediate" },
  );
}

/** Forgets keys older than IDEMPOTENCY_KEY_HOURS; returns how many. */
export function pruneIdempotencyKeys(now = new Date()): number {
  return getDb()
    .delete(apiIdempotencyKeys)
    .where(lt(apiIdempotencyKeys.createdAt, since(now)))
    .run().changes;
}

/** Hourly, in one process at a time (decision 0056). */
export function startIdempotencyKeySweep(): () => void {
  return startSweep({ name: "api-idempotency-keys", everyMs: 3_600_000, firstAfterMs: 60_000 }, (claimedAt) =>
    pruneIdempotencyKeys(claimedAt),
  );
}

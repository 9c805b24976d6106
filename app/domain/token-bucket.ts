/**
 * A token bucket: up to `burst` events at once, then `perSecond` sustained. Pure (the caller passes the time), so
 * the limits are unit-tested without waiting. A bucket also knows whether it is in a flood: from its first refusal
 * until it has filled up again (the sender slowed down for long enough), however many events it let through in
 * between, so a caller can audit once per flood rather than once per refused event.
 */
export type BucketLimit = { burst: number; perSecond: number };
export type Bucket = { tokens: number; at: number; flooding: boolean; refused: number };

export function newBucket(limit: BucketLimit, now: number): Bucket {
  return { tokens: limit.burst, at: now, flooding: false, refused: 0 };
}

export type Take =
  /** Allowed; `floodEnded` is how many were refused in the flood this ends (0 when none ended). */
  | { allowed: true; floodEnded: number }
  /** Refused; `floodStarted` on the first refusal of a flood; `retryAfterMs` until one event would be allowed. */
  | { allowed: false; floodStarted: boolean; retryAfterMs: number };

function refill(bucket: Bucket, limit: BucketLimit, now: number): number {
  return Math.min(limit.burst, bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * limit.perSecond);
}

export function take(bucket: Bucket, limit: BucketLimit, now: number): Take {
  bucket.tokens = refill(bucket, limit, now);
  bucket.at = now;
  let floodEnded = 0;
  if (bucket.flooding && bucket.tokens >= limit.burst) {
    floodEnded = bucket.refused;
    bucket.flooding = false;
    bucket.refused = 0;
  }
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return { allowed: true, floodEnded };
  }
  const floodStarted = !bucket.flooding;
  bucket.flooding = true;
  bucket.refused += 1;
  return { allowed: false, floodStarted, retryAfterMs: Math.ceil(((1 - bucket.tokens) / limit.perSecond) * 1000) };
}

/** Whether a bucket has filled up again and is not in a flood (nothing left to remember about it). */
export function isFull(bucket: Bucket, limit: BucketLimit, now: number): boolean {
  return refill(bucket, limit, now) >= limit.burst;
}

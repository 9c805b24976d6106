import { describe, expect, it } from "vitest";
import { isFull, newBucket, take } from "./token-bucket";

const limit = { burst: 5, perSecond: 2 };

describe("token bucket", () => {
  it("allows a burst, then refuses until tokens come back at the sustained rate", () => {
    const b = newBucket(limit, 0);
    for (let i = 0; i < 5; i++) expect(take(b, limit, 0).allowed).toBe(true);
    expect(take(b, limit, 0)).toEqual({ allowed: false, floodStarted: true, retryAfterMs: 500 });
    expect(take(b, limit, 100)).toMatchObject({ allowed: false, floodStarted: false });
    // Half a second later one token is back (2 a second); the flood goes on.
    expect(take(b, limit, 500)).toEqual({ allowed: true, floodEnded: 0 });
    expect(take(b, limit, 500)).toMatchObject({ allowed: false, floodStarted: false });
  });

  it("sustains exactly the rate over a long flood, and counts it as one flood", () => {
    const b = newBucket(limit, 0);
    let allowed = 0;
    let floods = 0;
    for (let t = 0; t < 10_000; t += 10) {
      const r = take(b, limit, t);
      if (r.allowed) allowed += 1;
      else if (r.floodStarted) floods += 1;
    }
    expect(allowed).toBe(5 + 20 - 1); // the 20th refill lands at t = 10,000, just after the loop
    expect(floods).toBe(1);
    // Quiet until full again: the flood ends, with its count, and the next refusal is a new flood.
    expect(take(b, limit, 20_000)).toEqual({ allowed: true, floodEnded: 1000 - 24 });
    for (let i = 0; i < 4; i++) take(b, limit, 20_000);
    expect(take(b, limit, 20_000)).toMatchObject({ allowed: false, floodStarted: true });
  });

  it("never holds more than the burst however long it rests, and says when it is full again", () => {
    const b = newBucket(limit, 0);
    take(b, limit, 0);
    expect(isFull(b, limit, 100)).toBe(false);
    expect(isFull(b, limit, 500)).toBe(true);
    for (let i = 0; i < 5; i++) expect(take(b, limit, 3_600_000).allowed).toBe(true);
    expect(take(b, limit, 3_600_000).allowed).toBe(false);
  });
});

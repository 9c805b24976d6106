import type { Actor } from "./actor";

/**
 * Whether each Actor field goes into the cache key. The type demands an entry for every field, so a field
 * added to Actor does not compile until someone decides here whether rules may read it. Only descriptive
 * fields are left out (scope-cache.test.ts proves no rule reads them); leaving out the session id also keeps
 * it out of a long-lived key.
 */
const IN_KEY: Record<keyof Actor, boolean> = {
  userId: true,
  name: false,
  email: false,
  agencyId: true,
  agencyName: false,
  agencyType: true,
  partnershipId: true,
  teamId: true,
  roles: true,
  sessionId: false,
  purpose: true,
  caseIds: true,
  agendaCaseIds: true,
  meetingIds: true,
  breakGlassCaseIds: true,
  sharedRecordIds: true,
  agreements: true,
};

export const KEYED_FIELDS = (Object.keys(IN_KEY) as (keyof Actor)[]).filter((k) => IN_KEY[k]);
export const UNKEYED_FIELDS = (Object.keys(IN_KEY) as (keyof Actor)[]).filter((k) => !IN_KEY[k]);

/**
 * Everything the access rules can read from an actor, written out in full (not hashed, so two different actors
 * can never share a key). Equal fingerprints mean equal rules. Nothing in it depends on the clock: expiring
 * grants and shares are left out of the Actor when it is loaded, so an expiry changes the lists, and the key.
 */
export function actorFingerprint(actor: Actor): string {
  // An Actor is never changed after it is built, so its fingerprint is written once per object.
  let key = fingerprints.get(actor);
  if (key === undefined) {
    key = JSON.stringify(KEYED_FIELDS.map((k) => actor[k]));
    fingerprints.set(actor, key);
  }
  return key;
}

const fingerprints = new WeakMap<Actor, string>();

/**
 * A small least-recently-used map with two bounds: how many entries, and how many characters of key in all (a
 * key is the size of the actor's lists, and the value it maps to is about as big). A key over an eighth of the
 * budget is not kept at all.
 */
export class BoundedCache<V> {
  private readonly entries = new Map<string, V>();
  private readonly weights = new Map<string, number>();
  private chars = 0;

  constructor(
    readonly maxEntries: number,
    readonly maxKeyChars: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      // Most recently used goes last; eviction takes from the front.
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  /**
   * `weight` is what the entry counts against the character budget: its key's length unless the caller knows the
   * value holds more (scope() keeps several conditions under one actor's key, each about the key's size).
   */
  set(key: string, value: V, weight = key.length): void {
    if (key.length > this.maxKeyChars / 8) return;
    this.remove(key);
    this.entries.set(key, value);
    this.weights.set(key, weight);
    this.chars += weight;
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries && this.chars <= this.maxKeyChars) break;
      this.remove(oldest);
    }
  }

  values(): IterableIterator<V> {
    return this.entries.values();
  }

  clear(): void {
    this.entries.clear();
    this.weights.clear();
    this.chars = 0;
  }

  private remove(key: string): void {
    if (!this.entries.delete(key)) return;
    this.chars -= this.weights.get(key)!;
    this.weights.delete(key);
  }
}

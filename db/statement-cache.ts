import type Database from "better-sqlite3";

/** How many distinct statements a connection keeps prepared. */
export const STATEMENT_CACHE_SIZE = 1000;

/**
 * Keeps a connection's prepared statements, by their SQL text, for the next query with the same text (decision
 * 0037). drizzle prepares every query afresh and better-sqlite3 has no cache of its own, so each page paid for
 * compiling the same few dozen statements again: 7% of a busy server's time in the profile.
 *
 * A statement is shared only when that is safe: one that is busy (an open iterator) is never handed out again,
 * and a reused statement returns rows as objects, as a freshly prepared one does, whatever mode (raw, pluck,
 * expand) its last user set. The least recently used statement is dropped past `size`.
 */
export function cachePreparedStatements(sqlite: Database.Database, size = STATEMENT_CACHE_SIZE): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    const cached = cache.get(source);
    if (cached && !cached.busy) {
      // Most recently used last: a Map keeps insertion order.
      cache.delete(source);
      cache.set(source, cached);
      if (cached.reader) cached.raw(false).pluck(false).expand(false);
      return cached;
    }
    const statement = prepare(source);
    if (!cached) {
      cache.set(source, statement);
      if (cache.size > size) cache.delete(cache.keys().next().value!);
    }
    return statement;
  }) as Database.Database["prepare"];
}

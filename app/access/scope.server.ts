import { rulesToAST } from "@casl/ability/extra";
import { Column, sql, type SQL } from "drizzle-orm";
import { buildAbility, clearAbilityCache, type Action, type SubjectType } from "./ability";
import type { Actor } from "./actor";
import { actorFingerprint, BoundedCache } from "./scope-cache";

/**
 * A field the rules name, mapped to where its value is: a table column, an SQL expression (`notNull` lets plain
 * comparisons use indexes), or a constant that is the same for every row (for example a case is always of
 * category case_core), which lets scope() decide those comparisons before any SQL is written.
 */
export type ColumnMap = Record<
  string,
  Column | { sql: SQL; notNull: boolean } | { value: string | number | boolean | null }
>;

type Ast = { operator: string; value: unknown; field?: string };

/**
 * A translated condition: decided already (true/false), or SQL with a key used to drop duplicate branches.
 * `and` keeps its children's keys (for absorption); `in` keeps its field and list (for merging).
 */
type Sql = {
  sql: SQL;
  key: string;
  andOf?: string[];
  inList?: { field: string; values: unknown[]; expr: SQL | Column };
};
type Cond = boolean | Sql;

// Lists are keyed by identity: the rules reuse the actor's own arrays, so this finds the duplicates cheaply
// (equal lists in different arrays are merely not merged, which changes nothing but speed).
const listIds = new WeakMap<object, number>();
let nextListId = 0;
function listKey(values: unknown[]): number {
  let id = listIds.get(values);
  if (id === undefined) listIds.set(values, (id = ++nextListId));
  return id;
}

/** `expr IN (list)`, with its SQL written only if the condition survives simplification. */
function inCondition(field: string, values: unknown[], expr: SQL | Column): Sql {
  let built: SQL | undefined;
  return {
    get sql() {
      built ??= sql`${expr} IN (SELECT value FROM json_each(${JSON.stringify(values.map(sqlValue))}))`;
      return built;
    },
    key: `in:${field}:#${listKey(values)}`,
    inList: { field, values, expr },
  };
}

function sqlValue(v: unknown): unknown {
  return typeof v === "boolean" ? (v ? 1 : 0) : v;
}

function mapped(field: string, columns: ColumnMap) {
  const c = columns[field];
  // Fail closed: a rule on a field the caller did not map must never widen a list.
  if (!c) throw new Error(`scope: no column for field "${field}"`);
  return c;
}

/** Mongo semantics for a constant field, so the SQL and the single-record check cannot disagree. */
function decide(operator: string, actual: unknown, expected: unknown): boolean {
  switch (operator) {
    case "eq":
      return actual === expected;
    case "ne":
      return actual !== expected;
    case "in":
      return (expected as unknown[]).includes(actual);
    case "nin":
      return !(expected as unknown[]).includes(actual);
    default:
      throw new Error(`scope: unsupported operator "${operator}"`);
  }
}

function combine(operator: "and" | "or", parts: Cond[]): Cond {
  const absorbing = operator === "or";
  if (parts.some((p) => p === absorbing)) return absorbing;
  const seen = new Set<string>();
  let kept = parts.filter((p): p is Sql => {
    if (typeof p === "boolean") return false;
    if (seen.has(p.key)) return false;
    seen.add(p.key);
    return true;
  });
  if (operator === "or") {
    // Absorption: A OR (A AND B) is A.
    kept = kept.filter((p) => !p.andOf?.some((child) => seen.has(child) && child !== p.key));
    // x IN (a) OR x IN (b) is x IN (a ∪ b): one list lookup instead of several. Grouped by the SQL they
    // compare, since two fields can map to the same column (a case's id and caseId).
    const byColumn = new Map<SQL | Column, Sql[]>();
    for (const p of kept) if (p.inList) byColumn.set(p.inList.expr, [...(byColumn.get(p.inList.expr) ?? []), p]);
    for (const group of byColumn.values()) {
      if (group.length < 2) continue;
      const fields = [...new Set(group.map((g) => g.inList!.field))].join("|");
      const merged = inCondition(fields, [...new Set(group.flatMap((g) => g.inList!.values))], group[0]!.inList!.expr);
      kept = [...kept.filter((p) => !group.includes(p)), merged];
    }
  }
  if (!kept.length) return !absorbing;
  if (kept.length === 1) return kept[0]!;
  return {
    sql: sql`(${sql.join(
      kept.map((k) => k.sql),
      operator === "and" ? sql` AND ` : sql` OR `,
    )})`,
    key: `${operator}(${kept.map((k) => k.key).join(",")})`,
    ...(operator === "and" ? { andOf: kept.map((k) => k.key) } : {}),
  };
}

/** Translates CASL's condition tree. Every comparison is null-safe so NOT never meets NULL. */
function translate(node: Ast, columns: ColumnMap): Cond {
  switch (node.operator) {
    case "and":
    case "or":
      return combine(
        node.operator,
        (node.value as Ast[]).map((n) => translate(n, columns)),
      );
    case "not": {
      const inner = translate((node.value as Ast[])[0]!, columns);
      return typeof inner === "boolean" ? !inner : { sql: sql`(NOT ${inner.sql})`, key: `not(${inner.key})` };
    }
    case "eq":
    case "ne":
    case "in":
    case "nin": {
      const c = mapped(node.field!, columns);
      if ("value" in c && !(c instanceof Column)) return decide(node.operator, c.value, node.value);
      const expr = c instanceof Column ? c : c.sql;
      const notNull = c instanceof Column ? c.notNull : c.notNull;
      const key = `${node.operator}:${node.field}:${JSON.stringify(node.value)}`;
      if (node.operator === "eq")
        return { sql: notNull ? sql`${expr} = ${sqlValue(node.value)}` : sql`${expr} IS ${sqlValue(node.value)}`, key };
      if (node.operator === "ne")
        return {
          sql: notNull ? sql`${expr} <> ${sqlValue(node.value)}` : sql`${expr} IS NOT ${sqlValue(node.value)}`,
          key,
        };
      // Only a not-null IN can be merged with others; anything else keeps its null-safe form.
      if (node.operator === "in" && notNull) return inCondition(node.field!, node.value as unknown[], expr);
      const list = JSON.stringify((node.value as unknown[]).map(sqlValue));
      const member = sql`${expr} IN (SELECT value FROM json_each(${list}))`;
      const safe = notNull ? member : sql`coalesce(${member}, 0)`;
      return { sql: node.operator === "in" ? safe : sql`(NOT ${safe})`, key };
    }
    default:
      throw new Error(`scope: unsupported operator "${node.operator}"`);
  }
}

/**
 * The SQL condition for "records of this type the actor may <action>", translated from the same CASL rules
 * that authorize() uses for one record. Lists, counts and search use it; nothing is filtered in JavaScript.
 *
 * Translated conditions are kept per process, keyed by everything the rules can read from the actor (in full)
 * and by the action, subject type and columns, so the next request from the same person with the same teams,
 * shares, grants and agreements reuses the translation (docs/decisions/0011-scope-cache.md). Any change to
 * those makes a different key.
 */
export function scope(actor: Actor, action: Action, type: SubjectType, columns: ColumnMap): SQL {
  // Two levels, so a call builds no new string the size of the actor's lists: the fingerprint is written once per
  // Actor object, and the per-actor map is keyed by the short rest.
  const fingerprint = actorFingerprint(actor);
  const key = `${action}\u0000${type}\u0000${columnsKey(columns)}`;
  const forActor = scopes.get(fingerprint) ?? new Map<string, SQL>();
  let condition = forActor.get(key);
  if (!condition) {
    condition = scopeUncached(actor, action, type, columns);
    forActor.set(key, condition);
    // Each condition holds about as much as the fingerprint (the same lists), so each counts its length again.
    scopes.set(fingerprint, forActor, fingerprint.length * forActor.size);
  }
  // A new wrapper each time: drizzle's SQL has methods that change it in place (inlineParams, mapWith), and
  // what one caller does must not reach the shared condition.
  return sql`${condition}`;
}

/** What scope() returns, worked out afresh from a newly built ability (never one memoised per actor object). */
export function scopeUncached(actor: Actor, action: Action, type: SubjectType, columns: ColumnMap): SQL {
  const ast = rulesToAST(buildAbility(actor), action, type) as Ast | null;
  if (!ast) return sql`0`;
  const cond = translate(ast, columns);
  if (typeof cond === "boolean") return cond ? sql`1` : sql`0`;
  return cond.sql;
}

/** Empties the per-process caches of translated conditions and of abilities (tests and the cold-path benchmark). */
export function clearScopeCache(): void {
  scopes.clear();
  clearAbilityCache();
}

/** How many translated conditions are kept (tests). */
export function scopeCacheSize(): number {
  let n = 0;
  for (const forActor of scopes.values()) n += forActor.size;
  return n;
}

// Kept per actor: ~1,000 typical caseworkers (~70 ids, ~3,000 characters each) with one condition each fit the
// character budget, fewer with several each.
const scopes = new BoundedCache<Map<string, SQL>>(1_000, 4_000_000);

// Column maps are compared by what they hold, not by identity, since several services pass a new object
// literal each call; the columns and SQL expressions inside are long-lived, so those are keyed by identity.
const expressionIds = new WeakMap<object, number>();
let nextExpressionId = 0;
function expressionKey(expr: object): number {
  let id = expressionIds.get(expr);
  if (id === undefined) expressionIds.set(expr, (id = ++nextExpressionId));
  return id;
}

// Long-lived column maps (record-columns.server.ts) are keyed once; object literals made per call are keyed anew.
const columnKeys = new WeakMap<ColumnMap, string>();
function columnsKey(columns: ColumnMap): string {
  let key = columnKeys.get(columns);
  if (key === undefined) columnKeys.set(columns, (key = writeColumnsKey(columns)));
  return key;
}

function writeColumnsKey(columns: ColumnMap): string {
  let key = "";
  for (const field in columns) {
    const c = columns[field];
    const where = !c
      ? "none"
      : c instanceof Column
        ? `c${expressionKey(c)}`
        : "value" in c
          ? `v${JSON.stringify(c.value)}`
          : `s${expressionKey(c.sql)}${c.notNull ? "!" : "?"}`;
    key += `${JSON.stringify(field)}:${where};`;
  }
  return key;
}

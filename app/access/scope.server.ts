import { rulesToQuery } from "@casl/ability/extra";
import { and, eq, inArray, ne, not, or, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { defineAbilityFor, type Action, type SubjectType } from "./ability";
import type { Actor } from "./actor";

export type ColumnMap = Record<string, SQLiteColumn>;

const NOTHING = sql`0 = 1`;
const EVERYTHING = sql`1 = 1`;

function conditionToSql(conditions: Record<string, unknown>, columns: ColumnMap): SQL {
  const parts: SQL[] = [];
  for (const [field, value] of Object.entries(conditions)) {
    const column = columns[field];
    // Fail closed: a rule on a field the caller did not map can never widen a list.
    if (!column) throw new Error(`scope: no column for ${field}`);
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      const op = value as Record<string, unknown>;
      if ("$in" in op && Array.isArray(op.$in)) parts.push(op.$in.length ? inArray(column, op.$in as unknown[]) : NOTHING);
      else if ("$ne" in op) parts.push(ne(column, op.$ne));
      else if ("$eq" in op) parts.push(eq(column, op.$eq));
      else throw new Error(`scope: unsupported operator on ${field}`);
    } else {
      parts.push(eq(column, value));
    }
  }
  return parts.length ? (and(...parts) as SQL) : EVERYTHING;
}

/**
 * The SQL condition for "records of this type the actor may <action>", translated from the same CASL rules
 * that authorize() uses for one record. Lists, counts and search use it; nothing is filtered in JavaScript.
 */
export function scope(actor: Actor, action: Action, type: SubjectType, columns: ColumnMap): SQL {
  const ability = defineAbilityFor(actor);
  const query = rulesToQuery(ability, action, type, (rule) => (rule.inverted ? { $not: rule.conditions ?? {} } : (rule.conditions ?? {})));
  if (query === null) return NOTHING;
  const allowed = (query.$or as Record<string, unknown>[] | undefined) ?? [];
  const denied = (query.$and as { $not: Record<string, unknown> }[] | undefined) ?? [];
  const allow = allowed.length === 0 ? EVERYTHING : (or(...allowed.map((c) => conditionToSql(c, columns))) as SQL);
  if (!denied.length) return allow;
  return and(allow, ...denied.map((d) => not(conditionToSql(d.$not, columns)))) as SQL;
}

import { rulesToAST } from "@casl/ability/extra";
import { Column, sql, type SQL } from "drizzle-orm";
import { defineAbilityFor, type Action, type SubjectType } from "./ability";
import type { Actor } from "./actor";

/** A field the rules name, mapped to the SQL that holds it. `notNull` lets plain comparisons use indexes. */
export type ColumnMap = Record<string, Column | { sql: SQL; notNull: boolean }>;

const NOTHING = sql`0`;
const EVERYTHING = sql`1`;

type Ast = { operator: string; value: unknown; field?: string };

function sqlValue(v: unknown): unknown {
  return typeof v === "boolean" ? (v ? 1 : 0) : v;
}

function leaf(field: string, columns: ColumnMap): { expr: SQL | Column; notNull: boolean } {
  const c = columns[field];
  // Fail closed: a rule on a field the caller did not map must never widen a list.
  if (!c) throw new Error(`scope: no column for field "${field}"`);
  return c instanceof Column ? { expr: c, notNull: c.notNull } : { expr: c.sql, notNull: c.notNull };
}

/** Translates CASL's condition tree. Every comparison is null-safe so NOT never meets NULL. */
function toSql(node: Ast, columns: ColumnMap): SQL {
  switch (node.operator) {
    case "and":
    case "or": {
      const parts = (node.value as Ast[]).map((n) => toSql(n, columns));
      if (!parts.length) return node.operator === "and" ? EVERYTHING : NOTHING;
      return sql`(${sql.join(parts, node.operator === "and" ? sql` AND ` : sql` OR `)})`;
    }
    case "not":
      return sql`(NOT ${toSql((node.value as Ast[])[0]!, columns)})`;
    case "eq": {
      const { expr, notNull } = leaf(node.field!, columns);
      return notNull ? sql`${expr} = ${sqlValue(node.value)}` : sql`${expr} IS ${sqlValue(node.value)}`;
    }
    case "ne": {
      const { expr, notNull } = leaf(node.field!, columns);
      return notNull ? sql`${expr} <> ${sqlValue(node.value)}` : sql`${expr} IS NOT ${sqlValue(node.value)}`;
    }
    case "in":
    case "nin": {
      const { expr, notNull } = leaf(node.field!, columns);
      const list = JSON.stringify((node.value as unknown[]).map(sqlValue));
      const member = sql`${expr} IN (SELECT value FROM json_each(${list}))`;
      const safe = notNull ? member : sql`coalesce(${member}, 0)`;
      return node.operator === "in" ? safe : sql`(NOT ${safe})`;
    }
    default:
      throw new Error(`scope: unsupported operator "${node.operator}"`);
  }
}

/**
 * The SQL condition for "records of this type the actor may <action>", translated from the same CASL rules
 * that authorize() uses for one record. Lists, counts and search use it; nothing is filtered in JavaScript.
 */
export function scope(actor: Actor, action: Action, type: SubjectType, columns: ColumnMap): SQL {
  const ast = rulesToAST(defineAbilityFor(actor), action, type) as Ast | null;
  if (!ast) return NOTHING;
  return toSql(ast, columns);
}

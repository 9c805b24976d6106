// Test cases for the orders, breaches and tasks tests: written straight into the real test database (the
// demo seed's cases may gain orders and tasks of their own, so these tests make fresh ones they control).
import { and, eq } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { caseMembers, cases, users } from "../../db/schema";
import type { TestDb } from "./test-db";

let n = 0;

export type TestCase = { id: string; reference: string };

/**
 * A case led by `leadEmail`'s agency, created `daysAgo` days ago, with a current team of [email, roleInCase]
 * pairs (role codes from app/domain/case-vocabulary.ts).
 */
export function makeCase(
  t: TestDb,
  o: {
    team: [string, string][];
    daysAgo?: number;
    leadEmail?: string;
    status?: "referred" | "triage" | "active" | "monitoring" | "closed";
  },
): TestCase {
  const lead = t.db
    .select({ agencyId: users.agencyId })
    .from(users)
    .where(eq(users.id, t.userId(o.leadEmail ?? "investigator@police.concord.test")))
    .get()!;
  const at = new Date(Date.now() - (o.daysAgo ?? 1) * 86_400_000).toISOString();
  const id = randomUUID();
  const reference = `NS-2099-${String(++n).padStart(5, "0")}`;
  t.db
    .insert(cases)
    .values({
      id,
      reference,
      status: o.status ?? "active",
      leadAgencyId: lead.agencyId,
      createdBy: t.userId(o.leadEmail ?? "investigator@police.concord.test"),
      createdAt: at,
      updatedAt: at,
    })
    .run();
  for (const [email, roleInCase] of o.team) {
    t.db
      .insert(caseMembers)
      .values({
        caseId: id,
        userId: t.userId(email),
        roleInCase,
        addedBy: t.userId("investigator@police.concord.test"),
        addedAt: at,
      })
      .run();
  }
  return { id, reference };
}

/** Ends a membership now (removal is a timestamp, never a delete). */
export function removeMember(t: TestDb, caseId: string, email: string): void {
  t.db
    .update(caseMembers)
    .set({ removedAt: new Date().toISOString() })
    .where(and(eq(caseMembers.caseId, caseId), eq(caseMembers.userId, t.userId(email))))
    .run();
}

export function count(t: TestDb, table: string, where = "1 = 1", ...params: unknown[]): number {
  return (t.db.$client.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${where}`).get(...params) as { n: number }).n;
}

/** GOV.UK date input fields for an ISO date. */
export function dateFields(name: string, iso: string): Record<string, string> {
  const [y, m, d] = iso.split("-");
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y! };
}

/** A London calendar date `days` from today (negative for the past). */
export function londonDay(days: number): string {
  const today = new Intl.DateTimeFormat("en-CA", {
    timeZone: "Europe/London",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date());
  const [y, m, d] = today.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

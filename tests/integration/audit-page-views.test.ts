// Page views' audit entries are written together, and a page is not given back until its entries are written
// (decision 0032): on a real SQLite file, through the request scope the Remix handler runs every request in.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { audit, verifyAuditChain } from "~/access/audit.server";
import { getDb } from "~/db.server";
import { inRequestScope } from "~/request-scope.server";
import { setupTestDb, type TestDb } from "./test-db";

let t: TestDb;
beforeAll(async () => {
  t = await setupTestDb({ seed: true });
});
afterAll(() => t.cleanup());

const entries = (action: string) =>
  (t.db.$client.prepare(`SELECT seq FROM audit_log WHERE action = ?`).all(action) as { seq: number }[]).length;
const view = (action: string) => audit({ actorUserId: null, actorAgencyId: null, action, outcome: "allowed" });

/** Counts the transactions committed while `fn` runs (each is one fsync under synchronous=FULL). */
async function commitsDuring(fn: () => Promise<unknown>): Promise<number> {
  const sqlite = t.db.$client;
  const transaction = sqlite.transaction;
  let commits = 0;
  sqlite.transaction = ((body: (...args: unknown[]) => unknown) => {
    const wrapped = transaction.call(sqlite, body);
    const count =
      (variant: (...args: unknown[]) => unknown) =>
      (...args: unknown[]) => {
        const outer = !sqlite.inTransaction;
        const result = variant(...args);
        if (outer) commits++;
        return result;
      };
    return Object.assign(count(wrapped), {
      immediate: count(wrapped.immediate),
      deferred: count(wrapped.deferred),
      exclusive: count(wrapped.exclusive),
    });
  }) as typeof sqlite.transaction;
  try {
    await fn();
  } finally {
    sqlite.transaction = transaction;
  }
  return commits;
}

describe("page views' audit entries", () => {
  it("are written before the page is given back, those of requests answered together in one transaction", async () => {
    let seenInside = -1;
    const commits = await commitsDuring(() =>
      Promise.all(
        ["a", "b", "c", "d", "e"].map((n) =>
          inRequestScope("GET", async () => {
            view(`test.view_${n}`);
            view(`test.view_${n}`);
            if (n === "a") seenInside = entries("test.view_a");
            return n;
          }),
        ),
      ).then((answers) => {
        // Every request's answer came back only once its entries were in the log.
        expect(answers).toEqual(["a", "b", "c", "d", "e"]);
        for (const n of ["a", "b", "c", "d", "e"]) expect(entries(`test.view_${n}`)).toBe(2);
      }),
    );
    expect(seenInside).toBe(0);
    expect(commits).toBe(1);
    expect(verifyAuditChain().problem).toBeNull();
  });

  it("keep their order in the chain, each request's after the one before", async () => {
    await Promise.all([1, 2, 3].map((n) => inRequestScope("GET", async () => view(`test.order_${n}`))));
    const seqs = [1, 2, 3].map(
      (n) =>
        (t.db.$client.prepare(`SELECT seq FROM audit_log WHERE action = ?`).get(`test.order_${n}`) as { seq: number })
          .seq,
    );
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(3);
  });

  it("fail the request when they cannot be written: nothing is served that was not audited", async () => {
    t.db.$client.exec(
      `CREATE TEMP TRIGGER refuse_audit BEFORE INSERT ON audit_log WHEN NEW.action = 'test.refused' BEGIN SELECT RAISE(ABORT, 'disk full'); END`,
    );
    try {
      await expect(inRequestScope("GET", async () => (view("test.refused"), "the page"))).rejects.toThrow("disk full");
    } finally {
      t.db.$client.exec(`DROP TRIGGER refuse_audit`);
    }
    expect(entries("test.refused")).toBe(0);
  });

  it("are written at once outside a page view: in a request that changes something, in a transaction, in tests and scripts", async () => {
    await inRequestScope("POST", async () => {
      view("test.post");
      expect(entries("test.post")).toBe(1);
    });
    await inRequestScope("GET", async () => {
      getDb()
        .$client.transaction(() => view("test.in_transaction"))
        .immediate();
      expect(entries("test.in_transaction")).toBe(1);
    });
    view("test.outside");
    expect(entries("test.outside")).toBe(1);
  });
});

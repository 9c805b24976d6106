// Periodic sweeps run once across the processes sharing a database (decision 0022): a lease row per sweep, claimed
// for a period by one process at a time. Checked with one connection and a fixed clock, then with real processes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimSweep } from "~/services/sweeps.server";
import { startProcess, type Finished } from "./processes/run";
import { setupTestDb, type TestDb } from "./test-db";

let t: TestDb;
beforeAll(async () => {
  t = await setupTestDb();
});
afterAll(() => t.cleanup());

const T0 = new Date("2026-05-01T09:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("claiming a sweep", () => {
  it("goes to one holder per period, to another once the claim has expired, never twice within a period", () => {
    const period = 60_000;
    expect(claimSweep("s", period, "A", at(0))).toBe(true);
    expect(claimSweep("s", period, "B", at(1_000))).toBe(false);
    expect(claimSweep("s", period, "A", at(1_000))).toBe(false);
    // Nine tenths of the period later the claim has run out, for whichever process ticks first.
    expect(claimSweep("s", period, "B", at(53_999))).toBe(false);
    expect(claimSweep("s", period, "B", at(54_000))).toBe(true);
    expect(claimSweep("s", period, "A", at(60_000))).toBe(false);
    expect(claimSweep("other", period, "A", at(60_000))).toBe(true);
    expect(
      t.db.$client.prepare(`SELECT name, holder, claimed_at AS claimedAt FROM sweep_leases ORDER BY name`).all(),
    ).toEqual([
      { name: "other", holder: "A", claimedAt: at(60_000).toISOString() },
      { name: "s", holder: "B", claimedAt: at(54_000).toISOString() },
    ]);
  });
});

type Line = { ran?: string; holder?: string; started?: string; msg?: string; sweep?: string };
function lines(out: string): Line[] {
  return out
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Line);
}

async function stop(p: {
  child: import("node:child_process").ChildProcess;
  finished: Promise<Finished>;
}): Promise<Finished> {
  p.child.kill("SIGKILL");
  return p.finished;
}

async function started(p: { child: import("node:child_process").ChildProcess }): Promise<void> {
  let seen = "";
  await new Promise<void>((resolve, reject) => {
    p.child.stdout!.on("data", (d: Buffer) => {
      seen += d.toString();
      if (seen.includes('"started"')) resolve();
    });
    p.child.once("exit", () => reject(new Error("sweeper exited before starting")));
  });
}

describe("sweeps in several processes", () => {
  it("the deadline sweep runs in one process of two started together", async () => {
    t.db.$client.exec(`DELETE FROM sweep_leases`);
    const env = { DATABASE_PATH: t.databasePath, SWEEP: "deadlines", LOG_LEVEL: "debug" };
    const both = [
      startProcess("tests/integration/processes/sweeper.ts", env),
      startProcess("tests/integration/processes/sweeper.ts", env),
    ];
    await Promise.all(both.map(started));
    // The first attempt is a second after start; the period is 15 minutes.
    await sleep(3_000);
    const outs = await Promise.all(both.map(stop));
    const ran = outs.flatMap((o) => lines(o.stdout)).filter((l) => l.msg === "sweep ran");
    expect(ran).toHaveLength(1);
    expect(ran[0]!.sweep).toBe("deadlines");
    expect(t.db.$client.prepare(`SELECT holder FROM sweep_leases WHERE name = 'deadlines'`).get()).toEqual({
      holder: ran[0]!.holder,
    });
  });

  it("a short sweep runs once per period across two processes, and on in the other when one stops", async () => {
    const every = 400;
    const env = { DATABASE_PATH: t.databasePath, SWEEP: "test", SWEEP_EVERY_MS: String(every), LOG_LEVEL: "silent" };
    const first = startProcess("tests/integration/processes/sweeper.ts", env);
    const second = startProcess("tests/integration/processes/sweeper.ts", env);
    await Promise.all([started(first), started(second)]);
    await sleep(2_500);
    const a = await stop(first);
    const stoppedAt = new Date().toISOString();
    await sleep(2_500);
    const b = await stop(second);

    const runs = [...lines(a.stdout), ...lines(b.stdout)]
      .filter((l) => l.ran)
      .sort((x, y) => x.ran!.localeCompare(y.ran!));
    expect(runs.length).toBeGreaterThanOrEqual(4);
    // Never two runs within nine tenths of a period (the claim), whichever processes ran them.
    for (let i = 1; i < runs.length; i++)
      expect(Date.parse(runs[i]!.ran!) - Date.parse(runs[i - 1]!.ran!)).toBeGreaterThanOrEqual(every * 0.9);
    // After the first stopped, the second carried on.
    const after = runs.filter((r) => r.ran! > stoppedAt);
    expect(after.length).toBeGreaterThanOrEqual(2);
    expect(new Set(after.map((r) => r.holder))).toEqual(new Set([lines(b.stdout).find((l) => l.started)!.started]));
  });
});

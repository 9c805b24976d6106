import { hash } from "@node-rs/argon2";
import { randomUUID } from "node:crypto";
import type { Db } from "../client";
import { agencies, partnerships, teams, userRoles, users } from "../schema";
import { DEMO_ACCOUNTS, DEMO_AGENCIES, DEMO_PARTNERSHIP, DEMO_PASSWORD } from "./demo-accounts";
import { seedDemoActionPlan } from "./demo-action-plan";
import { seedDemoCasework, writePlan } from "./demo-casework";
import { seedDemoSentencing } from "./demo-sentencing";
import { crimeReferences } from "./synthetic";
import { seedDemoCases } from "./demo-cases";

export class DemoSeedRefused extends Error {}

export function isDatabaseEmpty(db: Db): boolean {
  return db.select({ id: partnerships.id }).from(partnerships).limit(1).all().length === 0;
}

export type DemoSeedOptions = {
  /**
   * Add the casework: the worked case filled out, the sentencing case NS-2026-00003 (demo-sentencing.ts) and 44
   * more cases (demo-casework.ts). `npm run demo` and `npm run db:seed` ask for it; tests and the end-to-end
   * server use the two small demo cases their assertions are written against.
   */
  casework?: boolean;
  /** Only the sentencing case NS-2026-00003 beside the two small cases (the end-to-end server, for pre-sentence input). */
  sentencing?: boolean;
};

/**
 * Fills an empty database with the demonstration partnership: one agency of every type and one account for
 * every role, all with the demo password. Refuses in production: demo accounts must never exist there.
 */
export async function seedDemo(
  db: Db,
  env: NodeJS.ProcessEnv = process.env,
  options: DemoSeedOptions = {},
): Promise<{ accounts: number; cases: number }> {
  if (env.NODE_ENV === "production")
    throw new DemoSeedRefused("Refusing to create demo accounts when NODE_ENV=production");
  if (!isDatabaseEmpty(db))
    throw new DemoSeedRefused("The database already has data; demo data is only added to an empty database");
  const passwordHash = await hash(DEMO_PASSWORD, { memoryCost: 19456, timeCost: 2, parallelism: 1 });
  const partnershipId = randomUUID();
  const agencyIds = new Map<string, string>();
  const teamIds = new Map<string, string>();
  db.transaction((tx) => {
    tx.insert(partnerships).values({ id: partnershipId, name: DEMO_PARTNERSHIP }).run();
    for (const a of DEMO_AGENCIES) {
      const id = randomUUID();
      agencyIds.set(a.key, id);
      tx.insert(agencies).values({ id, partnershipId, name: a.name, type: a.type }).run();
      a.teams.forEach((name, i) => {
        const teamId = randomUUID();
        if (i === 0) teamIds.set(a.key, teamId);
        tx.insert(teams).values({ id: teamId, agencyId: id, name }).run();
      });
    }
    const now = new Date().toISOString();
    const userIds = new Map<string, string>();
    for (const account of DEMO_ACCOUNTS) {
      const id = randomUUID();
      userIds.set(account.email, id);
      tx.insert(users)
        .values({
          id,
          agencyId: agencyIds.get(account.agency)!,
          teamId: teamIds.get(account.agency) ?? null,
          email: account.email,
          name: account.name,
          passwordHash,
          createdBy: "demo-seed",
          createdAt: now,
        })
        .run();
      tx.insert(userRoles)
        .values(account.roles.map((role) => ({ userId: id, role })))
        .run();
    }
    seedDemoCases(tx, { agencyIds, userIds });
    seedDemoActionPlan(tx, {
      partnershipId,
      createdBy: userIds.get("performance@partnership.concord.test")!,
      now: new Date(),
    });
    if (options.casework) seedDemoCasework(tx);
    else if (options.sentencing) seedDemoSentencing(tx, { now: Date.now(), crimeRef: crimeReferences(), writePlan });
  });
  const cases = db.$client.prepare("SELECT count(*) AS n FROM cases").get() as { n: number };
  return { accounts: DEMO_ACCOUNTS.length, cases: cases.n };
}

// The session and the Actor are read once per page, however many loaders ask (the root loader and the route
// loader both do), and afresh for every request and after any action: on a real SQLite file with a real session.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inRequestScope } from "~/request-scope.server";
import { optionalActor, requireActor } from "~/services/current-user.server";
import { startSession } from "~/services/sessions.server";
import { setupTestDb, type TestDb } from "./test-db";

let t: TestDb;
let cookie: string;

beforeAll(async () => {
  t = await setupTestDb({ seed: true });
  cookie = (
    await startSession(t.userId("investigator@police.concord.test"), { mfaVerified: true, device: "test" })
  ).split(";")[0]!;
});
afterAll(() => t.cleanup());

/** The SQL statements run while `fn` runs (every statement the app prepares goes through the one connection). */
async function statementsDuring(fn: () => Promise<unknown>): Promise<string[]> {
  const sqlite = t.db.$client;
  const prepare = sqlite.prepare;
  const seen: string[] = [];
  sqlite.prepare = ((source: string) => {
    seen.push(source);
    return prepare.call(sqlite, source);
  }) as typeof sqlite.prepare;
  try {
    await fn();
  } finally {
    sqlite.prepare = prepare;
  }
  return seen;
}

const page = (method = "GET") => new Request("http://localhost/cases", { method, headers: { cookie } });
const touching = (statements: string[], table: string) =>
  statements.filter((s) => new RegExp(`\\bfrom\\s+"?${table}"?`, "i").test(s)).length;

describe("one request, one session read and one Actor", () => {
  it("the root loader's and the route loader's reads of the person share one session read and one Actor", async () => {
    const alone = await statementsDuring(() => requireActor(page()));
    let actors: unknown[] = [];
    const both = await statementsDuring(() =>
      inRequestScope("GET", async () => {
        const request = page();
        // As Remix runs them: concurrently, each with its own copy of the request.
        actors = await Promise.all([optionalActor(new Request(request)), requireActor(new Request(request))]);
      }),
    );
    expect(actors[0]).toBe(actors[1]);
    expect(touching(both, "sessions")).toBe(touching(alone, "sessions"));
    expect(touching(both, "case_members")).toBe(touching(alone, "case_members"));
    expect(touching(alone, "sessions")).toBeGreaterThan(0);
  });

  it("reads afresh for the next request, and within a request that may have changed something", async () => {
    const first = await inRequestScope("GET", () => requireActor(page()));
    const second = await inRequestScope("GET", () => requireActor(page()));
    expect(second).not.toBe(first);
    expect(second).toEqual(first);
    const [a, b] = await inRequestScope("POST", () =>
      Promise.all([requireActor(page("POST")), requireActor(page("POST"))]),
    );
    expect(a).not.toBe(b);
  });

  it("never answers one cookie with another's session", async () => {
    const other = (
      await startSession(t.userId("advocate@isac.concord.test"), { mfaVerified: true, device: "test" })
    ).split(";")[0]!;
    const [mine, theirs] = await inRequestScope("GET", () =>
      Promise.all([
        requireActor(page()),
        requireActor(new Request("http://localhost/cases", { headers: { cookie: other } })),
      ]),
    );
    expect(mine.email).toBe("investigator@police.concord.test");
    expect(theirs.email).toBe("advocate@isac.concord.test");
  });
});

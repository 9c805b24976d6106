// A long-lived second process on the same SQLite file, as another worker of the clustered server is: it answers
// one JSON request per line on stdin with one JSON line on stdout, reading through the services and the gate with
// the actor built as for a request, so its scope() conditions stay cached between requests as a worker's do.
//   {"op":"cases","email":"..."}                 -> {"ids":[...],"total":n,"cached":n}
//   {"op":"contact","email":"...","caseId":"..."} -> {"state":"shown"|"withheld"|"none","cached":n}
import { eq } from "drizzle-orm";
import readline from "node:readline";
import { loadActor } from "~/access/actor.server";
import { scopeCacheSize } from "~/access/scope.server";
import { getDb } from "~/db.server";
import { listCases } from "~/services/cases.server";
import { victimCarePage } from "~/services/victim-care.server";
import { users } from "../../../db/schema";

type Request = { op: "cases"; email: string } | { op: "contact"; email: string; caseId: string };

function actorFor(email: string) {
  const user = getDb().select({ id: users.id }).from(users).where(eq(users.email, email)).get();
  const actor = user ? loadActor(user.id, "probe-session") : null;
  if (!actor) throw new Error(`no active user ${email}`);
  return actor;
}

function answer(request: Request): unknown {
  if (request.op === "cases") {
    const list = listCases(actorFor(request.email));
    return { ids: list.rows.map((r) => r.id), total: list.total, cached: scopeCacheSize() };
  }
  return { state: victimCarePage(actorFor(request.email), request.caseId).contact.state, cached: scopeCacheSize() };
}

getDb();
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
for await (const line of readline.createInterface({ input: process.stdin })) {
  try {
    process.stdout.write(`${JSON.stringify(answer(JSON.parse(line) as Request))}\n`);
  } catch (e) {
    process.stdout.write(`${JSON.stringify({ error: e instanceof Error ? e.message : String(e) })}\n`);
  }
}

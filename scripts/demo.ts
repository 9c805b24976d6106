// `npm run demo`: migrate, add demo data to an empty database, build, start. Demo mode (CONCORD_DEMO=1)
// lets accounts sign in without an authenticator app so the walkthrough is quick.
import { spawn, spawnSync } from "node:child_process";
import { migrateDatabase, openDatabase } from "../db/client";
import { isDatabaseEmpty, seedDemo } from "../db/seed/demo";

if (process.env.NODE_ENV === "production") {
  process.stderr.write(
    "npm run demo refuses to run with NODE_ENV=production: demo accounts must never exist in production.\n",
  );
  process.exit(1);
}
// One process unless WORKERS says otherwise (decision 0022): a demo needs no more, and starts sooner.
const env = {
  ...process.env,
  CONCORD_DEMO: "1",
  DATABASE_PATH: process.env.DATABASE_PATH ?? "./data/concord.db",
  WORKERS: process.env.WORKERS ?? "1",
};

const db = openDatabase(env.DATABASE_PATH);
migrateDatabase(db);
if (isDatabaseEmpty(db)) {
  const { accounts, cases } = await seedDemo(db, env, { casework: true });
  process.stdout.write(
    `Demo data added: ${accounts} accounts and ${cases} cases (see README for the list, the password and a walkthrough)\n`,
  );
} else {
  process.stdout.write("Database already has data; starting with it as it is\n");
}
db.$client.close();

if (!process.argv.includes("--no-build")) {
  const build = spawnSync("npx", ["remix", "vite:build"], { stdio: "inherit", env });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
// Run node itself so Ctrl-C and SIGTERM reach the server (npx does not pass signals on).
const server = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], { stdio: "inherit", env });
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));

// Seeds the demonstration partnership into an empty database. Refuses when NODE_ENV=production.
import { migrateDatabase, openDatabase } from "../db/client";
import { DemoSeedRefused, seedDemo } from "../db/seed/demo";

const file = process.env.DATABASE_PATH ?? "./data/concord.db";
const db = openDatabase(file);
migrateDatabase(db);
try {
  const { accounts, cases } = await seedDemo(db, process.env, { casework: true });
  process.stdout.write(`Demo data added to ${file}: ${accounts} accounts, ${cases} cases\n`);
} catch (error) {
  if (error instanceof DemoSeedRefused) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  } else throw error;
} finally {
  db.$client.close();
}

// Applies migrations to DATABASE_PATH (default ./data/concord.db). The server also migrates at start.
import { migrateDatabase, openDatabase } from "../db/client";

const file = process.env.DATABASE_PATH ?? "./data/concord.db";
const db = openDatabase(file);
migrateDatabase(db);
db.$client.close();
process.stdout.write(`Migrations applied to ${file}\n`);

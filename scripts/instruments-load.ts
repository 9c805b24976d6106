// `npm run instruments:load -- --agency "Agency name or id" --file licensed-sam.json [--by "Name of who loads it"]`
// Loads an agency's licensed item text for one instrument version (SAM and SRP are licensed instruments; Concord
// ships only factor names and its own help). The file: { "instrument", "version", "licence", "items": { id: text } }.
import { eq, or } from "drizzle-orm";
import fs from "node:fs";
import { parseArgs } from "node:util";
import { closeDb, getDb } from "../app/db.server";
import { loadLicensedText } from "../app/services/instrument-texts.server";
import { agencies } from "../db/schema";

const usage =
  'Usage: npm run instruments:load -- --agency "Agency name or id" --file licensed.json [--by "Your name"]\n';
const { values } = parseArgs({
  options: { agency: { type: "string" }, file: { type: "string" }, by: { type: "string" } },
});
if (!values.agency || !values.file) {
  process.stderr.write(usage);
  process.exit(2);
}
if (!fs.existsSync(values.file)) {
  process.stderr.write(`No such file: ${values.file}\n`);
  process.exit(2);
}
const agency = getDb()
  .select({ id: agencies.id })
  .from(agencies)
  .where(or(eq(agencies.id, values.agency), eq(agencies.name, values.agency)))
  .get();
if (!agency) {
  process.stderr.write(`No agency called or with the id "${values.agency}"\n`);
  process.exit(1);
}
const result = loadLicensedText(agency.id, fs.readFileSync(values.file, "utf8"), values.by ?? "command line");
closeDb();
if (!result.ok) {
  for (const e of result.errors) process.stderr.write(`${e}\n`);
  process.exit(1);
}
process.stdout.write(`Loaded ${result.items} item texts for ${result.instrument} ${result.version}\n`);

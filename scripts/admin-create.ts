// `npm run admin:create -- --email you@agency.example --name "Your Name" [--partnership "Name"]`
// Bootstraps the first system administrator on a database that has none, and prints a one-time link to set
// the password. Refuses when a system administrator already exists (later ones are created in the service).
import { eq } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { z } from "zod";
import { getDb } from "../app/db.server";
import { emailField, personNameField } from "../app/forms/fields";
import { issuePasswordLink } from "../app/services/password-links.server";
import { agencies, partnerships, userRoles, users } from "../db/schema";

const { values } = parseArgs({
  options: { email: { type: "string" }, name: { type: "string" }, partnership: { type: "string" } },
});
const parsed = z
  .object({
    email: emailField,
    name: personNameField,
    partnership: z.string().trim().min(1).max(120).default("Stalking partnership"),
  })
  .safeParse(values);
if (!parsed.success) {
  for (const issue of parsed.error.issues) process.stderr.write(`--${issue.path.join(".")}: ${issue.message}\n`);
  process.stderr.write('Usage: npm run admin:create -- --email you@agency.example --name "Your Name"\n');
  process.exit(2);
}
const input = parsed.data;
const db = getDb();
if (db.select().from(userRoles).where(eq(userRoles.role, "system_admin")).get()) {
  process.stderr.write("A system administrator already exists. Ask them to create further administrators.\n");
  process.exit(1);
}
if (db.select().from(users).where(eq(users.email, input.email)).get()) {
  process.stderr.write("An account with this email address already exists.\n");
  process.exit(1);
}
const userId = randomUUID();
db.transaction((tx) => {
  let partnership = tx.select().from(partnerships).get();
  if (!partnership) {
    partnership = { id: randomUUID(), name: input.partnership, createdAt: new Date().toISOString() };
    tx.insert(partnerships).values(partnership).run();
  }
  let office = tx.select().from(agencies).where(eq(agencies.type, "other")).get();
  if (!office) {
    office = {
      id: randomUUID(),
      partnershipId: partnership.id,
      name: `${partnership.name} office`,
      type: "other",
      createdAt: new Date().toISOString(),
    };
    tx.insert(agencies).values(office).run();
  }
  tx.insert(users)
    .values({ id: userId, agencyId: office.id, email: input.email, name: input.name, createdBy: "admin:create" })
    .run();
  tx.insert(userRoles).values({ userId, role: "system_admin" }).run();
});
const base = process.env.CONCORD_BASE_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
process.stdout.write(
  `System administrator created. Open this link within 3 days to set the password (it works once):\n${new URL(issuePasswordLink(userId, null, "new-account"), base).toString()}\n`,
);

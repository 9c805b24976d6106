import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

// Append-only (triggers refuse UPDATE and DELETE, see migrations) and hash-chained: each hash covers the previous
// hash and the entry (app/access/audit-chain.ts). `chain_version` 1 is the unkeyed SHA-256 of entries written
// before decision 0026; 2 is HMAC-SHA256 with a key derived from CONCORD_SECRET_KEY. `npm run audit:verify` checks it.
export const auditLog = sqliteTable(
  "audit_log",
  {
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    at: text("at").notNull(),
    actorUserId: text("actor_user_id"),
    actorAgencyId: text("actor_agency_id"),
    action: text("action").notNull(),
    subjectType: text("subject_type"),
    subjectId: text("subject_id"),
    caseId: text("case_id"),
    purpose: text("purpose"),
    outcome: text("outcome", { enum: ["allowed", "denied", "done", "failed"] }).notNull(),
    // Identifiers and reasons only; never record content or personal data.
    detail: text("detail"),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
    // Existing rows take the default (1, unkeyed); audit() writes 2 (keyed).
    chainVersion: integer("chain_version").notNull().default(1),
  },
  (t) => [
    index("audit_actor").on(t.actorUserId, t.at),
    index("audit_case").on(t.caseId, t.at),
    index("audit_subject").on(t.subjectType, t.subjectId),
  ],
);

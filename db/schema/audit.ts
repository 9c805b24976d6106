import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

// Append-only (triggers refuse UPDATE and DELETE, see migrations) and hash-chained:
// hash = sha256(prev_hash + canonical JSON of the entry). `npm run audit:verify` checks the chain.
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
  },
  (t) => [
    index("audit_actor").on(t.actorUserId, t.at),
    index("audit_case").on(t.caseId, t.at),
    index("audit_subject").on(t.subjectType, t.subjectId),
  ],
);

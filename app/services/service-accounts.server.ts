import { hashSecret } from "./secret-hash.server";
import { and, desc, eq } from "drizzle-orm";
import { randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";
import type { Actor } from "~/access/actor";
import { audit } from "~/access/audit.server";
import { authorize } from "~/access/gate.server";
import {
  API_SCOPE_LABELS,
  API_SCOPES,
  isApiScope,
  MAX_TOKEN_DAYS,
  serviceAccountRoles,
  type ApiScope,
} from "~/access/service-accounts";
import { getDb } from "~/db.server";
import { formatDate } from "~/domain/dates";
import { ROLES, type Role } from "~/domain/roles";
import { parseValues, type FieldErrors } from "~/forms/parse-form";
import { serviceAccounts, users } from "../../db/schema";

/*
 * Service accounts for partner systems (issue 22, decision 0050): an agency administrator creates one for their own
 * agency with a role, scopes and an expiry; its token is shown once and only its SHA-256 is kept; it can be revoked.
 * Every change is audited. The API authenticates a bearer token here (authenticateToken).
 */

const TOKEN_PREFIX = "concord_";
export const EXPIRY_CHOICES = [30, 90, 180, MAX_TOKEN_DAYS] as const;

type Values = Record<string, string | string[]>;
type Failure = { ok: false; errors: FieldErrors; values: Values };

function requireManager(actor: Actor): void {
  authorize(actor, "manage", "ServiceAccount", { agencyId: actor.agencyId });
}

export type ServiceAccountView = {
  id: string;
  name: string;
  role: string;
  roleLabel: string;
  scopes: string[];
  tokenPrefix: string;
  expires: string;
  expired: boolean;
  revoked: boolean;
  lastUsed: string | null;
  created: string;
};

/** The agency's service accounts and what a new one may be (403 for anyone but its administrators). */
export function serviceAccountsPage(actor: Actor, now = new Date()) {
  requireManager(actor);
  const rows = getDb()
    .select()
    .from(serviceAccounts)
    .where(eq(serviceAccounts.agencyId, actor.agencyId))
    .orderBy(desc(serviceAccounts.createdAt))
    .all();
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "service_accounts.view",
    subjectType: "ServiceAccount",
    outcome: "allowed",
    detail: { accounts: rows.length },
  });
  return {
    agencyName: actor.agencyName,
    accounts: rows.map((r): ServiceAccountView => ({
      id: r.id,
      name: r.name,
      role: r.role,
      roleLabel: ROLES[r.role as Role]?.label ?? r.role,
      scopes: (JSON.parse(r.scopes) as string[]).filter(isApiScope).map((s) => API_SCOPE_LABELS[s]),
      tokenPrefix: r.tokenPrefix,
      expires: formatDate(r.expiresAt.slice(0, 10)),
      expired: r.expiresAt <= now.toISOString(),
      revoked: r.revokedAt !== null,
      lastUsed: r.lastUsedAt ? formatDate(r.lastUsedAt.slice(0, 10)) : null,
      created: formatDate(r.createdAt.slice(0, 10)),
    })),
    roles: serviceAccountRoles(actor).map((role) => ({ value: role, text: ROLES[role].label })),
    scopes: API_SCOPES.map((s) => ({ value: s, text: API_SCOPE_LABELS[s] })),
    expiries: EXPIRY_CHOICES.map((d) => ({ value: String(d), text: `${d} days` })),
  };
}

/**
 * The users row a service account writes as, of the account's own id (decision 0056): the author of what it records,
 * a member of the case teams of the referrals it makes. Status "service" with no password: it can never sign in (only
 * "active" users can), and no list of people to pick, notify or invite includes it.
 */
function serviceUserRow(id: string, agencyId: string, name: string, createdBy: string, at: string) {
  return {
    id,
    agencyId,
    email: `${id}@service-accounts.concord.invalid`,
    name: `${name} (partner system)`,
    status: "service" as const,
    createdBy,
    createdAt: at,
  };
}

/** Creates an account; the token is in the answer and nowhere else. Bad input changes nothing. */
export function createServiceAccount(
  actor: Actor,
  values: Values,
  now = new Date(),
): { ok: true; id: string; token: string } | Failure {
  requireManager(actor);
  const roles = serviceAccountRoles(actor) as string[];
  const schema = z.object({
    name: z
      .string({ required_error: "Enter the name of the partner system" })
      .trim()
      .min(1, "Enter the name of the partner system")
      .max(80, "The name must be 80 characters or fewer"),
    role: z
      .string({ required_error: "Choose the role the system acts as" })
      .refine((r) => roles.includes(r), "Choose the role the system acts as"),
    scopes: z
      .union([z.string(), z.array(z.string())], { required_error: "Choose at least one thing the system may do" })
      .transform((v) => [...new Set(Array.isArray(v) ? v : [v])])
      .refine((v) => v.length > 0 && v.every(isApiScope), "Choose at least one thing the system may do"),
    expiresInDays: z.enum(EXPIRY_CHOICES.map(String) as [string, ...string[]], {
      errorMap: () => ({ message: "Choose when the token expires" }),
    }),
  });
  const parsed = parseValues(values, schema);
  if (!parsed.ok) return { ...parsed, values };
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  const id = randomUUID();
  const at = now.toISOString();
  const expiresAt = new Date(now.getTime() + Number(parsed.data.expiresInDays) * 86_400_000).toISOString();
  getDb().transaction((tx) => {
    // The row the account writes as (decision 0056): records, case teams and audit entries name a user.
    tx.insert(users)
      .values(serviceUserRow(id, actor.agencyId, parsed.data.name, actor.userId, at))
      .run();
    tx.insert(serviceAccounts)
      .values({
        id,
        agencyId: actor.agencyId,
        name: parsed.data.name,
        role: parsed.data.role,
        scopes: JSON.stringify(parsed.data.scopes),
        tokenHash: hashSecret(token),
        tokenPrefix: token.slice(0, TOKEN_PREFIX.length + 4),
        expiresAt,
        createdBy: actor.userId,
        createdAt: at,
      })
      .run();
  });
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "service_account.create",
    subjectType: "ServiceAccount",
    subjectId: id,
    outcome: "done",
    detail: { role: parsed.data.role, scopes: parsed.data.scopes.join(","), expiresAt },
  });
  return { ok: true, id, token };
}

/** Revokes one of the agency's accounts at once; another agency's id, or an unknown one, changes nothing. */
export function revokeServiceAccount(actor: Actor, values: Values, now = new Date()): { ok: boolean } {
  requireManager(actor);
  const id = typeof values.id === "string" ? values.id : "";
  const changed = getDb()
    .update(serviceAccounts)
    .set({ revokedAt: now.toISOString(), revokedBy: actor.userId })
    .where(and(eq(serviceAccounts.id, id), eq(serviceAccounts.agencyId, actor.agencyId)))
    .run().changes;
  audit({
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    action: "service_account.revoke",
    subjectType: "ServiceAccount",
    subjectId: id.slice(0, 64),
    outcome: changed ? "done" : "denied",
  });
  return { ok: changed > 0 };
}

export type ServiceAccount = { id: string; name: string; agencyId: string; role: string; scopes: ApiScope[] };
export type TokenCheck =
  | { ok: true; account: ServiceAccount }
  | { ok: false; reason: "missing" | "unknown" | "expired" | "revoked"; accountId?: string; agencyId?: string };

/** The account a bearer token belongs to, if it is live. Looked up by hash: the token itself is never stored or logged. */
export function authenticateToken(token: string | null, now = new Date()): TokenCheck {
  if (!token) return { ok: false, reason: "missing" };
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return { ok: false, reason: "unknown" };
  const row = getDb()
    .select()
    .from(serviceAccounts)
    .where(eq(serviceAccounts.tokenHash, hashSecret(token)))
    .get();
  if (!row) return { ok: false, reason: "unknown" };
  if (row.revokedAt) return { ok: false, reason: "revoked", accountId: row.id, agencyId: row.agencyId };
  if (row.expiresAt <= now.toISOString())
    return { ok: false, reason: "expired", accountId: row.id, agencyId: row.agencyId };
  // At most once a minute, so a busy partner system does not write on every call.
  if (!row.lastUsedAt || Date.parse(row.lastUsedAt) < now.getTime() - 60_000)
    getDb().update(serviceAccounts).set({ lastUsedAt: now.toISOString() }).where(eq(serviceAccounts.id, row.id)).run();
  return {
    ok: true,
    account: {
      id: row.id,
      name: row.name,
      agencyId: row.agencyId,
      role: row.role,
      scopes: (JSON.parse(row.scopes) as string[]).filter(isApiScope),
    },
  };
}

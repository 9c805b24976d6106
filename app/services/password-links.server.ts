import { hashSecret } from "./secret-hash.server";
import { and, eq, gt, isNull } from "drizzle-orm";
import { randomBytes } from "node:crypto";
import { audit } from "~/access/audit.server";
import { getDb } from "~/db.server";
import { passwordResetTokens, users } from "../../db/schema";
import { enqueueEmails } from "./outbox.server";
import { wakeOutboxSender } from "./outbox-sender.server";
import { hashPassword, passwordProblem } from "./passwords.server";
import { endAllSessions } from "./sessions.server";
import { clearSignInLimits } from "./sign-in-limits.server";

const LINK_LIFETIME_MS = 72 * 60 * 60_000;

/**
 * Issues a one-time link to set a password (a new account, or a reset by an administrator). Earlier unused
 * links for the user stop working. Returns the path with the token; only its hash is stored.
 */
export function issuePasswordLink(userId: string, issuedBy: string | null, purpose: "new-account" | "reset"): string {
  const db = getDb();
  const token = randomBytes(32).toString("base64url");
  const now = new Date();
  const path = `/set-password/${token}`;
  const email = db.transaction((tx) => {
    tx.update(passwordResetTokens)
      .set({ usedAt: now.toISOString() })
      .where(and(eq(passwordResetTokens.userId, userId), isNull(passwordResetTokens.usedAt)))
      .run();
    tx.insert(passwordResetTokens)
      .values({
        tokenHash: hashSecret(token),
        userId,
        issuedBy,
        purpose,
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + LINK_LIFETIME_MS).toISOString(),
      })
      .run();
    // The person is emailed the link (issue 19); the outbox forgets it once sent (outbox-sender.server.ts).
    return enqueueEmails(
      tx,
      [userId],
      { kind: "password_link", path, key: `password_link:${hashSecret(token)}` },
      now.toISOString(),
    );
  });
  if (email.dueNow) wakeOutboxSender();
  return path;
}

function findUsableLink(token: string) {
  return getDb()
    .select({
      tokenHash: passwordResetTokens.tokenHash,
      userId: passwordResetTokens.userId,
      purpose: passwordResetTokens.purpose,
      email: users.email,
      agencyId: users.agencyId,
      status: users.status,
    })
    .from(passwordResetTokens)
    .innerJoin(users, eq(users.id, passwordResetTokens.userId))
    .where(
      and(
        eq(passwordResetTokens.tokenHash, hashSecret(token)),
        isNull(passwordResetTokens.usedAt),
        gt(passwordResetTokens.expiresAt, new Date().toISOString()),
      ),
    )
    .get();
}

/** Whether a link can still be used, and for which kind of page (without revealing whose it is). */
export function checkPasswordLink(
  token: string,
): { usable: false } | { usable: true; purpose: "new-account" | "reset" } {
  const link = findUsableLink(token);
  return link && link.status === "active" ? { usable: true, purpose: link.purpose } : { usable: false };
}

export type SetPasswordResult =
  { ok: true } | { ok: false; error: "link" } | { ok: false; error: "password"; message: string };

/** Uses a link: sets the password, ends every session of the account, clears any lockout. */
export async function setPasswordWithLink(token: string, password: string): Promise<SetPasswordResult> {
  const link = findUsableLink(token);
  if (!link || link.status !== "active") return { ok: false, error: "link" };
  const problem = passwordProblem(password, link.email);
  if (problem) return { ok: false, error: "password", message: problem };
  const passwordHash = await hashPassword(password);
  const db = getDb();
  const used = db.transaction((tx) => {
    const claimed = tx
      .update(passwordResetTokens)
      .set({ usedAt: new Date().toISOString() })
      .where(and(eq(passwordResetTokens.tokenHash, link.tokenHash), isNull(passwordResetTokens.usedAt)))
      .run().changes;
    if (claimed !== 1) return false;
    tx.update(users).set({ passwordHash }).where(eq(users.id, link.userId)).run();
    return true;
  });
  if (!used) return { ok: false, error: "link" };
  clearSignInLimits(link.email);
  await endAllSessions(link.userId);
  audit({
    actorUserId: link.userId,
    actorAgencyId: link.agencyId,
    action: "auth.password_set",
    outcome: "done",
    subjectType: "User",
    subjectId: link.userId,
    detail: { purpose: link.purpose },
  });
  return { ok: true };
}

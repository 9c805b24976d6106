import { createHash } from "node:crypto";

/**
 * What is stored for a bearer secret (a session cookie, a set-password link, a service account's token): its SHA-256,
 * so a copy of the database (a backup, a stolen file) holds nothing that signs anyone in. The secrets are long random
 * strings, so a plain hash is enough; a password is hashed with argon2 instead (passwords.server.ts).
 */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

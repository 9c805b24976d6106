// Seals small secrets (TOTP secrets) for storage with AES-256-GCM (decision 0021). The key is a KeyObject so
// it never shows up in logs, inspection or JSON; nothing here logs, and error messages never carry a value.
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createSecretKey,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
  type KeyObject,
} from "node:crypto";

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

/** Thrown when a sealed value is malformed, tampered with or sealed with another key. Says nothing of the value. */
export class SecretBoxError extends Error {
  constructor(message = "the sealed value could not be opened (tampered with, or sealed with another key)") {
    super(message);
    this.name = "SecretBoxError";
  }
}

/**
 * A key for one purpose, derived from CONCORD_SECRET_KEY with HKDF-SHA256 and its own label: knowing one derived
 * key tells nothing of another, or of the secret itself.
 */
export function deriveKey(secret: KeyObject, label: string): KeyObject {
  return createSecretKey(Buffer.from(hkdfSync("sha256", secret, Buffer.alloc(0), label, 32)));
}

/** `v1:<iv>:<tag>:<ciphertext>`, each base64url, with a fresh random IV. */
export function seal(plaintext: string, key: KeyObject): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [
    VERSION,
    iv.toString("base64url"),
    cipher.getAuthTag().toString("base64url"),
    ciphertext.toString("base64url"),
  ].join(":");
}

/** The plaintext of a value from seal(); throws SecretBoxError unless it is intact and sealed with this key. */
export function open(sealed: string, key: KeyObject): string {
  const parts = sealed.split(":");
  if (parts.length !== 4 || parts[0] !== VERSION) throw new SecretBoxError("the sealed value is not in the v1 format");
  const [iv, tag, ciphertext] = parts.slice(1).map((p) => Buffer.from(p, "base64url")) as [Buffer, Buffer, Buffer];
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES)
    throw new SecretBoxError("the sealed value is not in the v1 format");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretBoxError();
  }
}

/**
 * Whether a stored value is sealed (any version) rather than legacy plaintext. TOTP secrets are base32 (A-Z, 2-7),
 * which can never look like `v1:`, so the prefix alone tells them apart.
 */
export function isSealed(stored: string): boolean {
  return /^v\d+:/.test(stored);
}

/** 32 bytes written as 64 hex characters or as base64 / base64url (padding optional); null for anything else. */
export function parseSecretKey(text: string): KeyObject | null {
  const trimmed = text.trim();
  let bytes: Buffer;
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) bytes = Buffer.from(trimmed, "hex");
  else if (/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) bytes = Buffer.from(trimmed, "base64");
  else return null;
  return bytes.length === KEY_BYTES ? createSecretKey(bytes) : null;
}

// The development key: derived from a public label, so it protects nothing. Only for development, tests and the
// demo, so that they run without set-up; production refuses it.
const DEVELOPMENT_KEY_LABEL = "Concord development key: public, not secret, never for production";
const developmentKeyBytes = createHash("sha256").update(DEVELOPMENT_KEY_LABEL).digest();

export function developmentKey(): KeyObject {
  return createSecretKey(developmentKeyBytes);
}

function isDevelopmentKey(key: KeyObject): boolean {
  return timingSafeEqual(key.export(), developmentKeyBytes);
}

export type SecretKeySetting =
  { ok: true; key: KeyObject; source: "environment" | "development" } | { ok: false; message: string };

const HOW = "32 random bytes as 64 hex characters or base64 (for example `openssl rand -base64 32`)";

/**
 * The key from CONCORD_SECRET_KEY. Unset: the development key, except in production. Set: it must be valid
 * everywhere (a typo should not silently fall back), and production refuses the development key.
 */
export function secretKeyFromEnv(
  value: string | undefined,
  nodeEnv: "development" | "production" | "test",
): SecretKeySetting {
  if (value === undefined || value.trim() === "") {
    if (nodeEnv === "production") return { ok: false, message: `must be set in production: ${HOW}` };
    return { ok: true, key: developmentKey(), source: "development" };
  }
  const key = parseSecretKey(value);
  if (!key) return { ok: false, message: `must be ${HOW}` };
  if (nodeEnv === "production" && isDevelopmentKey(key))
    return { ok: false, message: `is the public development key; in production use ${HOW}` };
  return { ok: true, key, source: "environment" };
}

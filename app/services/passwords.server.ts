import { hash, verify } from "@node-rs/argon2";
import { dictionary } from "@zxcvbn-ts/language-common";
import { checkPassword, PASSWORD_PROBLEM_MESSAGES } from "~/domain/password-policy";

// OWASP's argon2id minimum (19 MiB, 2 passes, 1 lane); @node-rs/argon2 defaults to argon2id.
const ARGON2 = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

let common: Set<string> | undefined;
function isCommonPassword(candidate: string): boolean {
  common ??= new Set(dictionary.passwords.map((p: string) => p.toLowerCase()));
  return common.has(candidate);
}

/** The message for the first rule a proposed password breaks, or null when it is acceptable. */
export function passwordProblem(password: string, email: string): string | null {
  const problem = checkPassword(password, email, isCommonPassword);
  return problem ? PASSWORD_PROBLEM_MESSAGES[problem] : null;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

// Verified against for unknown accounts, so an unknown email takes as long as a wrong password.
let decoyHash: Promise<string> | undefined;

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (!passwordHash) {
    decoyHash ??= hashPassword("decoy-password-for-timing");
    await verify(await decoyHash, password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}

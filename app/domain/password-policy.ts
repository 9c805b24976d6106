/**
 * Password rules (NCSC / NIST 800-63B style): length over complexity, no common passwords,
 * nothing derived from the account's email. Pure: the common-password set is passed in.
 */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 128;

export type PasswordProblem = "too-short" | "too-long" | "common" | "contains-email";

export const PASSWORD_PROBLEM_MESSAGES: Record<PasswordProblem, string> = {
  "too-short": `Password must be ${MIN_PASSWORD_LENGTH} characters or more`,
  "too-long": `Password must be ${MAX_PASSWORD_LENGTH} characters or fewer`,
  common: "Password is too common. Choose a longer phrase that is not easy to guess",
  "contains-email": "Password must not contain your email address or its name part",
};

export function checkPassword(
  password: string,
  email: string,
  isCommon: (candidate: string) => boolean,
): PasswordProblem | null {
  if (password.length < MIN_PASSWORD_LENGTH) return "too-short";
  if (password.length > MAX_PASSWORD_LENGTH) return "too-long";
  const lower = password.toLowerCase();
  if (isCommon(lower)) return "common";
  const [localPart = ""] = email.toLowerCase().split("@");
  if (lower.includes(email.toLowerCase()) || (localPart.length >= 3 && lower.includes(localPart)))
    return "contains-email";
  return null;
}

/** Where to go when nothing (or nothing safe) was asked for. */
export const HOME = "/";

// A path and query of URL characters only (RFC 3986 pchar, "/" and "?"; "%" only as a %XX escape). No space,
// control character, backslash or anything else a browser might repair into another address.
const SAFE_PATH = /^\/(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*$/;
const PROBE_ORIGIN = "http://concord.invalid";

/**
 * The address to send someone to after signing in: a same-origin path of safe characters, or the home page.
 * Strict on purpose (issue 14): `//` anywhere, `\`, whitespace and control characters are refused outright
 * rather than cleaned, and whatever is left must still resolve to our own origin.
 */
export function safeReturnTo(value: string | null | undefined): string {
  if (!value || value.length > 500 || !SAFE_PATH.test(value) || value.includes("//")) return HOME;
  let resolved: URL;
  try {
    resolved = new URL(value, PROBE_ORIGIN);
  } catch {
    return HOME;
  }
  return resolved.origin === PROBE_ORIGIN ? value : HOME;
}

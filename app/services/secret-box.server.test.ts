import { createSecretKey, randomBytes } from "node:crypto";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  developmentKey,
  isSealed,
  open,
  parseSecretKey,
  seal,
  SecretBoxError,
  secretKeyFromEnv,
} from "./secret-box.server";

const key = createSecretKey(randomBytes(32));
const SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

/** Flips one bit of the base64url part at `index` (1 iv, 2 tag, 3 ciphertext). */
function flip(sealed: string, index: number): string {
  const parts = sealed.split(":");
  const bytes = Buffer.from(parts[index]!, "base64url");
  bytes[0] = bytes[0]! ^ 0x01;
  parts[index] = bytes.toString("base64url");
  return parts.join(":");
}

describe("seal and open", () => {
  it("round-trips, in the v1 format, without the plaintext in the sealed value", () => {
    const sealed = seal(SECRET, key);
    expect(sealed).toMatch(/^v1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain(SECRET);
    expect(isSealed(sealed)).toBe(true);
    expect(open(sealed, key)).toBe(SECRET);
    expect(open(seal("", key), key)).toBe("");
    expect(open(seal("naïve ✓", key), key)).toBe("naïve ✓");
  });

  it("uses a different IV (and so ciphertext) each time", () => {
    const values = Array.from({ length: 20 }, () => seal(SECRET, key));
    expect(new Set(values.map((v) => v.split(":")[1])).size).toBe(20);
    expect(new Set(values).size).toBe(20);
    for (const v of values) expect(open(v, key)).toBe(SECRET);
  });

  it("refuses a tampered ciphertext, tag or IV", () => {
    const sealed = seal(SECRET, key);
    for (const part of [1, 2, 3]) expect(() => open(flip(sealed, part), key)).toThrow(SecretBoxError);
    // A truncated ciphertext is refused too.
    expect(() => open(sealed.slice(0, -2), key)).toThrow(SecretBoxError);
  });

  it("refuses another key, and says nothing of the value", () => {
    const sealed = seal(SECRET, key);
    const error = (() => {
      try {
        open(sealed, createSecretKey(randomBytes(32)));
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(SecretBoxError);
    expect(String(error)).not.toContain(SECRET);
    expect(String(error)).not.toContain(sealed.split(":")[3]);
  });

  it("refuses malformed values and other versions", () => {
    for (const bad of ["", SECRET, "v1:", "v1:a:b", "v1:a:b:c:d", "v2:" + seal(SECRET, key).slice(3)]) {
      expect(() => open(bad, key)).toThrow(SecretBoxError);
    }
  });

  it("tells sealed values from legacy base32 plaintext", () => {
    expect(isSealed(SECRET)).toBe(false);
    expect(isSealed("v2:whatever")).toBe(true);
  });
});

describe("the key", () => {
  const bytes = randomBytes(32);

  it("is read from 64 hex characters, base64 or base64url", () => {
    for (const text of [
      bytes.toString("hex"),
      bytes.toString("hex").toUpperCase(),
      bytes.toString("base64"),
      bytes.toString("base64url"),
      ` ${bytes.toString("base64")}\n`,
    ]) {
      const parsed = parseSecretKey(text);
      expect(parsed?.export().equals(bytes), text).toBe(true);
    }
  });

  it("refuses anything that is not 32 bytes", () => {
    for (const text of [
      "",
      "secret",
      randomBytes(16).toString("hex"),
      randomBytes(31).toString("base64"),
      randomBytes(33).toString("base64"),
      "z".repeat(64),
      randomBytes(48).toString("base64"),
    ]) {
      expect(parseSecretKey(text), text).toBeNull();
    }
  });

  it("never shows its bytes when logged or serialised", () => {
    const parsed = parseSecretKey(bytes.toString("hex"))!;
    expect(JSON.stringify({ parsed })).not.toContain(bytes.toString("hex"));
    expect(inspect(parsed)).not.toContain(bytes.toString("hex"));
    expect(inspect(parsed)).not.toContain(bytes.toString("base64"));
  });

  it("falls back to the development key when unset, except in production", () => {
    for (const env of ["development", "test"] as const) {
      for (const unset of [undefined, "", "  "]) {
        const setting = secretKeyFromEnv(unset, env);
        expect(setting).toMatchObject({ ok: true, source: "development" });
        if (setting.ok) expect(setting.key.export().equals(developmentKey().export())).toBe(true);
      }
    }
    const refused = secretKeyFromEnv(undefined, "production");
    expect(refused).toEqual({ ok: false, message: expect.stringContaining("must be set in production") });
  });

  it("uses a valid key from the environment, refuses an invalid one everywhere without echoing it", () => {
    for (const env of ["development", "test", "production"] as const) {
      const setting = secretKeyFromEnv(bytes.toString("base64"), env);
      expect(setting).toMatchObject({ ok: true, source: "environment" });
      if (setting.ok) expect(setting.key.export().equals(bytes)).toBe(true);
      const bad = secretKeyFromEnv("not-a-key-hunter2", env);
      expect(bad.ok).toBe(false);
      if (!bad.ok) expect(bad.message).not.toContain("hunter2");
    }
  });

  it("refuses the development key in production", () => {
    const dev = developmentKey().export().toString("hex");
    expect(secretKeyFromEnv(dev, "development")).toMatchObject({ ok: true, source: "environment" });
    expect(secretKeyFromEnv(dev, "production")).toEqual({
      ok: false,
      message: expect.stringContaining("development key"),
    });
  });

  it("the development key is fixed, so development databases survive restarts", () => {
    const sealed = seal(SECRET, developmentKey());
    expect(open(sealed, developmentKey())).toBe(SECRET);
  });
});

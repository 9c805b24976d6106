import { dictionary } from "@zxcvbn-ts/language-common";
import { describe, expect, it } from "vitest";
import { checkPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, PASSWORD_PROBLEM_MESSAGES } from "./password-policy";

const common = new Set(dictionary.passwords.map((p: string) => p.toLowerCase()));
const isCommon = (candidate: string) => common.has(candidate);
const EMAIL = "dana.whitlock@police.concord.test";

describe("checkPassword", () => {
  it("accepts a long passphrase", () => {
    expect(checkPassword("correct horse battery staple", EMAIL, isCommon)).toBeNull();
  });

  it("refuses passwords shorter than 12 characters, and accepts exactly 12", () => {
    expect(MIN_PASSWORD_LENGTH).toBe(12);
    expect(checkPassword("Tr0ub4dor&3", EMAIL, isCommon)).toBe("too-short");
    expect(checkPassword("", EMAIL, isCommon)).toBe("too-short");
    expect(checkPassword("kx8-plum-vat", EMAIL, isCommon)).toBeNull();
  });

  it("refuses passwords longer than 128 characters, and accepts exactly 128", () => {
    expect(checkPassword("q7".repeat(64), EMAIL, () => false)).toBeNull();
    expect(checkPassword("q7".repeat(64) + "x", EMAIL, () => false)).toBe("too-long");
    expect(MAX_PASSWORD_LENGTH).toBe(128);
  });

  it("refuses common passwords from the list, whatever their case", () => {
    expect(common.has("passwordpassword")).toBe(true);
    expect(checkPassword("passwordpassword", EMAIL, isCommon)).toBe("common");
    expect(checkPassword("PasswordPassword", EMAIL, isCommon)).toBe("common");
    expect(common.has("qwerty123456")).toBe(true);
    expect(checkPassword("QWERTY123456", EMAIL, isCommon)).toBe("common");
  });

  it("refuses passwords containing the email address or its local part", () => {
    expect(checkPassword("my dana.whitlock password", EMAIL, isCommon)).toBe("contains-email");
    expect(checkPassword("xx DANA.WHITLOCK@police.concord.test", EMAIL, isCommon)).toBe("contains-email");
    expect(checkPassword("zzz-Dana.Whitlock-999", EMAIL, isCommon)).toBe("contains-email");
  });

  it("ignores a local part shorter than 3 characters", () => {
    expect(checkPassword("a long enough phrase with jo in it", "jo@example.org", isCommon)).toBeNull();
  });

  it("has a message for every problem", () => {
    for (const message of Object.values(PASSWORD_PROBLEM_MESSAGES)) expect(message.length).toBeGreaterThan(10);
    expect(PASSWORD_PROBLEM_MESSAGES["too-short"]).toContain("12");
  });
});

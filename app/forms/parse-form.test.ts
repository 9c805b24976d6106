import { describe, expect, it } from "vitest";
import { z } from "zod";
import { NewUserSchema } from "~/services/accounts.server";
import { emailField, personNameField } from "./fields";
import { formValues, parseForm } from "./parse-form";

function form(entries: [string, string][]): FormData {
  const fd = new FormData();
  for (const [k, v] of entries) fd.append(k, v);
  return fd;
}

const Schema = z.object({ name: personNameField, email: emailField });

describe("formValues", () => {
  it("turns single fields into strings, repeated fields into arrays, and drops the csrf token", () => {
    const values = formValues(
      form([
        ["name", "Ada"],
        ["roles", "spoc"],
        ["roles", "investigator"],
        ["csrf", "secret"],
      ]),
    );
    expect(values).toEqual({ name: "Ada", roles: ["spoc", "investigator"] });
  });

  it("ignores file entries", () => {
    const fd = form([["name", "Ada"]]);
    fd.append("upload", new Blob(["x"]), "x.txt");
    expect(formValues(fd)).toEqual({ name: "Ada", upload: "" });
  });
});

describe("parseForm", () => {
  it("returns the parsed data, trimmed and with the email lower-cased", () => {
    const result = parseForm(
      form([
        ["name", "  Ada Quarrie "],
        ["email", " Ada@Example.ORG "],
      ]),
      Schema,
    );
    expect(result).toEqual({ ok: true, data: { name: "Ada Quarrie", email: "ada@example.org" } });
  });

  it("returns one message per field, in the GOV.UK wording, and the values to show again", () => {
    const result = parseForm(
      form([
        ["name", ""],
        ["email", "not-an-email"],
      ]),
      Schema,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual({
      name: "Enter the person's full name",
      email: "Enter an email address in the correct format, like name@example.org",
    });
    expect(result.values).toEqual({ name: "", email: "not-an-email" });
  });

  it("reports missing fields", () => {
    const result = parseForm(form([]), Schema);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors).toEqual({ name: "Enter the person's full name", email: "Enter an email address" });
  });

  it("takes one or several roles for a new user and refuses unknown ones", () => {
    const one = parseForm(
      form([
        ["name", "Sam"],
        ["email", "sam@police.test"],
        ["roles", "spoc"],
      ]),
      NewUserSchema,
    );
    expect(one).toMatchObject({ ok: true, data: { roles: ["spoc"] } });
    const two = parseForm(
      form([
        ["name", "Sam"],
        ["email", "sam@police.test"],
        ["roles", "spoc"],
        ["roles", "investigator"],
      ]),
      NewUserSchema,
    );
    expect(two).toMatchObject({ ok: true, data: { roles: ["spoc", "investigator"] } });
    const none = parseForm(
      form([
        ["name", "Sam"],
        ["email", "sam@police.test"],
      ]),
      NewUserSchema,
    );
    expect(none).toMatchObject({ ok: false, errors: { roles: "Select at least one role" } });
    const bad = parseForm(
      form([
        ["name", "Sam"],
        ["email", "sam@police.test"],
        ["roles", "superuser"],
      ]),
      NewUserSchema,
    );
    expect(bad).toMatchObject({ ok: false, errors: { roles: "Select a role from the list" } });
  });
});

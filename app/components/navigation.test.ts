import { describe, expect, it } from "vitest";
import { isCurrent } from "./navigation";

describe("isCurrent", () => {
  it("marks the home page only on /", () => {
    expect(isCurrent("/", "/")).toBe(true);
    expect(isCurrent("/", "/admin/agencies")).toBe(false);
  });

  it("marks a section on its own page and pages below it, not on a longer name", () => {
    expect(isCurrent("/admin/agencies", "/admin/agencies")).toBe(true);
    expect(isCurrent("/admin/agencies", "/admin/agencies/123/users/new")).toBe(true);
    expect(isCurrent("/admin/agencies", "/admin/agencies-archive")).toBe(false);
  });
});

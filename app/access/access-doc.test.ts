import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { accessDoc } from "./access-doc";
import { BASELINE_POLICY } from "./baseline-policy";
import { CATEGORIES } from "./vocabulary";

const DOC = new URL("../../docs/access-control.md", import.meta.url);

/** The cells of one matrix row, by category code, from the generated markdown. */
function matrixRow(doc: string, heading: string, roleLabel: string): Record<string, string> {
  const section = doc.split(`### ${heading}\n`)[1]!.split("\n### ")[0]!;
  const line = section.split("\n").find((l) => l.startsWith(`| ${roleLabel} |`));
  if (!line) throw new Error(`no row for ${roleLabel} under ${heading}`);
  const cells = line.split(" | ").map((c) => c.replace(/^\| | \|$/g, ""));
  return Object.fromEntries(CATEGORIES.map((c, i) => [c, cells[i + 2]!]));
}

describe("docs/access-control.md", () => {
  it("is the output of the generator (run npm run docs:access after changing the rules)", () => {
    const committed = fs.existsSync(DOC) ? fs.readFileSync(DOC, "utf8") : "(missing)";
    expect(
      committed === accessDoc(),
      "docs/access-control.md differs from the rules in app/access: run npm run docs:access",
    ).toBe(true);
  });

  it("lists every baseline rule and every category", () => {
    const doc = accessDoc();
    for (const rule of BASELINE_POLICY) expect(doc).toContain(rule.why);
    for (const category of CATEGORIES) expect(doc).toContain(`\`${category}\``);
  });

  it("its matrices are the gate's answers (spot checks against the baseline table as written)", () => {
    const doc = accessDoc();
    const member = (role: string) => matrixRow(doc, "Member of the case team, record owned by another agency", role);
    expect(member("Probation practitioner")).toMatchObject({
      case_core: "Full",
      victim_contact: "—",
      victim_care: "Summary",
      perpetrator: "Full",
      clinical: "—",
    });
    expect(member("Investigator (officer in the case)")).toMatchObject({
      victim_contact: "Full",
      police_intelligence: "Full",
      investigation: "Full",
    });
    expect(member("Prosecutor").investigation).toBe("—");
    expect(doc).toContain(
      "- Prosecutor: Investigation and evidence is Full once the case is referred for a charging decision.",
    );
    const outsider = matrixRow(
      doc,
      "Not on the case team, record owned by another agency",
      "Investigator (officer in the case)",
    );
    expect(new Set(Object.values(outsider))).toEqual(new Set(["—"]));
    const supervisor = matrixRow(
      doc,
      "Not on the case team, record owned by their own agency",
      "Senior probation officer",
    );
    expect(supervisor).toMatchObject({
      case_core: "Full",
      pre_sentence: "Full",
      perpetrator: "Full",
      victim_contact: "—",
    });
  });

  it("is the same every time it is generated", () => {
    expect(accessDoc()).toBe(accessDoc());
  });
});

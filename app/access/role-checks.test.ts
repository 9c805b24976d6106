// Every rule about who may do what lives in app/access (issue 18): outside it, code asks the gate's predicates
// (worksOnCases, triagesClinicReferrals, arrangesMeetings, SERVICE_AREAS...) and never tests role names itself.
// app/domain/roles.ts defines the roles and hasRole; app/domain holds vocabularies (which role coordinates which
// kind of meeting), not decisions.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROLES } from "~/domain/roles";

const APP = path.resolve(__dirname, "..");
const ROLE = Object.keys(ROLES).join("|");
const RULES: { name: string; pattern: RegExp }[] = [
  { name: "hasRole(", pattern: /\bhasRole\(/ },
  { name: "a test on a roles array", pattern: /\.roles\s*\.\s*(includes|some|every|indexOf|find)\(/ },
  {
    name: "a comparison with a role name",
    pattern: new RegExp(`(===|!==)\\s*["'](${ROLE})["']|["'](${ROLE})["']\\s*(===|!==)`),
  },
  {
    name: "a role name in a query",
    pattern: new RegExp(
      `userRoles\\.role,\\s*["'](${ROLE})["']|(usersWithRole|agencySupervisors)\\([^)]*["'](${ROLE})["']`,
    ),
  },
];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

describe("role checks", () => {
  it("are made only in app/access (and hasRole is defined in app/domain/roles.ts)", () => {
    const outside = sourceFiles(APP).filter(
      (f) => !f.startsWith(path.join(APP, "access") + path.sep) && f !== path.join(APP, "domain", "roles.ts"),
    );
    expect(outside.length).toBeGreaterThan(100);
    const found: string[] = [];
    for (const file of outside) {
      fs.readFileSync(file, "utf8")
        .split("\n")
        .forEach((line, i) => {
          for (const rule of RULES)
            if (rule.pattern.test(line))
              found.push(`${path.relative(APP, file)}:${i + 1} ${rule.name}: ${line.trim()}`);
        });
    }
    expect(found, "ask a predicate in app/access instead").toEqual([]);
  });

  it("the rules catch what they are for", () => {
    const lines = [
      'if (hasRole(actor.roles, "auditor")) x();',
      'actor.roles.includes("system_admin")',
      'role === "mappa_coordinator"',
      'eq(userRoles.role, "police_supervisor")',
      'usersWithRole(["clinic_coordinator"], {})',
    ];
    for (const line of lines)
      expect(
        RULES.some((r) => r.pattern.test(line)),
        line,
      ).toBe(true);
    expect(RULES.some((r) => r.pattern.test('eq(caseMembers.roleInCase, "officer_in_case")'))).toBe(false);
  });
});

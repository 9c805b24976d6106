// The end-to-end specs run in lanes side by side (decisions 0038 and 0043): a spec in the own-server lane must start
// its own server and never use a shared one, or it would race with a shared lane; a shared-server spec finds its
// server through its project (baseUrl, sharedServerPort), so it is right in either shared lane. Read from the source.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { OWN_SERVER_SPEC_NAMES, SECOND_SERVER_SPEC_NAMES } from "../../playwright.config";

const dir = path.resolve(__dirname, "../e2e");
const specs = fs.readdirSync(dir).filter((f) => f.endsWith(".spec.ts"));
const source = (name: string) => fs.readFileSync(path.join(dir, `${name}.spec.ts`), "utf8");

describe("the own-server lane of the end-to-end specs", () => {
  it("is exactly the specs that start servers of their own", () => {
    const starting = specs
      .map((f) => f.replace(/\.spec\.ts$/, ""))
      .filter((name) => /\b(ownDemoServer|startServer)\(/.test(source(name)));
    expect([...OWN_SERVER_SPEC_NAMES].sort()).toEqual(starting.sort());
  });

  it("never uses the shared server: no page, context or request fixture, every browser context on its own server", () => {
    for (const name of OWN_SERVER_SPEC_NAMES) {
      const text = source(name);
      expect(text, `${name}.spec.ts uses a fixture bound to the shared server`).not.toMatch(
        /async \(\{[^}]*\b(page|context|request)\b[^}]*\}\)/,
      );
      for (const m of text.matchAll(/newContext\(([^)]*)\)/g))
        expect(m[1], `${name}.spec.ts opens a browser context without its own server's baseURL`).toMatch(/baseURL:/);
    }
  });
});

describe("the second shared server's lane", () => {
  it("names shared-server specs that exist", () => {
    const names = specs.map((f) => f.replace(/\.spec\.ts$/, ""));
    for (const name of SECOND_SERVER_SPEC_NAMES) {
      expect(names, `${name}.spec.ts does not exist`).toContain(name);
      expect(OWN_SERVER_SPEC_NAMES, `${name} is in both lanes`).not.toContain(name);
    }
  });

  it("no spec or helper finds the shared server by E2E_PORT, which names only the first", () => {
    const files = fs.readdirSync(dir).filter((f) => f.endsWith(".ts"));
    for (const file of files) expect(fs.readFileSync(path.join(dir, file), "utf8"), file).not.toMatch(/E2E_PORT/);
  });
});

// `npm run docs:access`: writes docs/access-control.md from the rules in app/access (see app/access/access-doc.ts).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { accessDoc } from "../app/access/access-doc";

const file = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "docs", "access-control.md");
fs.writeFileSync(file, accessDoc());
process.stdout.write(`Wrote ${path.relative(process.cwd(), file)}\n`);

// The worker thread's entry: plain JavaScript, so it starts whatever loaded the parent (tsx, vitest), then
// loads the TypeScript generator through tsx.
import { tsImport } from "tsx/esm/api";

await tsImport("./large-worker.ts", import.meta.url);

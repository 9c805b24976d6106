// Runs a TypeScript file as a separate Node process (through tsx, as the server runs), for tests about several
// processes sharing one SQLite file. Resolves with its exit code and output; never rejects on a non-zero exit.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(fileURLToPath(new URL(".", import.meta.url)), "../../..");

export type Finished = { code: number | null; stdout: string; stderr: string };

export function startProcess(
  file: string,
  env: Record<string, string | undefined>,
): { child: ChildProcess; finished: Promise<Finished> } {
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve(ROOT, file)], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const finished = new Promise<Finished>((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
  return { child, finished };
}

export function runProcess(file: string, env: Record<string, string | undefined>): Promise<Finished> {
  return startProcess(file, env).finished;
}

/** The last line of a process's output as JSON. */
export function lastJson<T>(out: Finished): T {
  const line = out.stdout.trim().split("\n").at(-1) ?? "";
  try {
    return JSON.parse(line) as T;
  } catch {
    throw new Error(`not JSON (exit ${out.code}): ${out.stdout.slice(-500)} ${out.stderr.slice(-1500)}`);
  }
}

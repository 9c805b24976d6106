// A real built server of a spec's own (a child process running server/index.ts, as in production) on a free port,
// with a database file the spec can read. For tests that stop, signal or run two servers, or that must look in
// the database. Playwright builds the app before any spec runs (playwright.config.ts).
import { test } from "@playwright/test";
import Database from "better-sqlite3";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { migrateDatabase, openDatabase } from "../../db/client";
import { seedDemo } from "../../db/seed/demo";
import { DEMO_PASSWORD } from "./helpers";

/** A port nobody listens on now (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** A temporary directory with a migrated database holding the demo partnership (demo accounts and cases). */
export async function demoDatabase(): Promise<{ dir: string; databasePath: string; remove: () => void }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "concord-own-server-"));
  const databasePath = path.join(dir, "concord.db");
  const db = openDatabase(databasePath);
  migrateDatabase(db);
  await seedDemo(db, { NODE_ENV: "test" }, { sentencing: true });
  db.$client.close();
  return { dir, databasePath, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export type OwnServer = {
  base: string;
  port: number;
  child: ChildProcess;
  /** Everything the server wrote to stdout and stderr so far. */
  log: () => string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Sends a signal and waits for the process to exit. */
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
};

/** Starts the built server on a free port against databasePath and waits until /healthz answers. */
export async function startServer(databasePath: string, env: Record<string, string> = {}): Promise<OwnServer> {
  // A spec that must know the address before start-up (CONCORD_BASE_URL for links in emails) passes its own PORT.
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const base = `http://localhost:${port}`;
  // node itself (not npx) receives signals, as it would under a process manager.
  const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    // One process unless the spec asks for workers (decision 0022).
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_PATH: databasePath,
      CONCORD_DEMO: "1",
      LOG_LEVEL: "info",
      WORKERS: "1",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  // A clustered server loads the app in every worker before it listens.
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited during start-up:\n${output.slice(-2000)}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`the server did not become healthy:\n${output.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    base,
    port,
    child,
    log: () => output,
    exited,
    stop: async (signal = "SIGTERM") => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/**
 * For a spec file: a built server of its own on a fresh demo database, started before its tests and removed after,
 * and a read-only connection to that database for looking at what the server wrote.
 */
export function ownDemoServer(env: Record<string, string> = { LOG_LEVEL: "warn" }): {
  readonly server: OwnServer;
  readonly db: Database.Database;
} {
  let server: OwnServer | undefined;
  let db: Database.Database | undefined;
  let remove: (() => void) | undefined;
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    const made = await demoDatabase();
    remove = made.remove;
    server = await startServer(made.databasePath, env);
    db = new Database(made.databasePath, { readonly: true });
  });
  test.afterAll(async () => {
    db?.close();
    await server?.stop();
    remove?.();
  });
  return {
    get server() {
      if (!server) throw new Error("the server is started in beforeAll");
      return server;
    },
    get db() {
      if (!db) throw new Error("the database is opened in beforeAll");
      return db;
    },
  };
}

/** The cookies a browser would hold: name=value pairs, updated from Set-Cookie headers. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();
  update(response: Response | { setCookie: string[] }): void {
    for (const line of "setCookie" in response ? response.setCookie : response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair!.indexOf("=");
      const name = pair!.slice(0, at);
      const value = pair!.slice(at + 1);
      if (value === "" || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  get(name: string): string | undefined {
    return this.cookies.get(name);
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

/** Gets the CSRF cookie for a jar (a first visit to the sign-in page) and returns its token. */
export async function csrfFor(base: string, jar: CookieJar): Promise<string> {
  const page = await fetch(`${base}/login`, { headers: { cookie: jar.header() }, redirect: "manual" });
  jar.update(page);
  await page.arrayBuffer();
  const token = jar.get("concord_csrf");
  if (!token) throw new Error("no CSRF cookie from /login");
  return token;
}

/** Posts the sign-in form as a browser would (Origin, CSRF token, urlencoded body); returns the raw response. */
export async function postSignIn(
  base: string,
  jar: CookieJar,
  fields: { email: string; password?: string; returnTo?: string },
  headers: Record<string, string> = {},
): Promise<Response> {
  const csrf = await csrfFor(base, jar);
  const body = new URLSearchParams({
    csrf,
    email: fields.email,
    password: fields.password ?? DEMO_PASSWORD,
    returnTo: fields.returnTo ?? "",
  });
  const response = await fetch(`${base}/login`, {
    method: "POST",
    body,
    headers: { cookie: jar.header(), origin: base, ...headers },
    redirect: "manual",
  });
  jar.update(response);
  return response;
}

/** A signed-in jar for a demo account (demo mode: no second factor). */
export async function signedInJar(base: string, email: string): Promise<CookieJar> {
  const jar = new CookieJar();
  const response = await postSignIn(base, jar, { email });
  await response.arrayBuffer();
  if (response.status !== 302 || !jar.get("concord_session"))
    throw new Error(`could not sign in ${email}: ${response.status}`);
  return jar;
}

export type Answer = { status: number; location: string | undefined; setCookie: string[]; text: string };

/**
 * One request from a chosen local address (any of 127.0.0.0/8 reaches a server on this machine), as a browser on
 * another machine would send it: the server sees that address as the client's.
 */
export function requestFrom(
  localAddress: string,
  base: string,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const url = new URL(options.path, base);
    const req = http.request(
      {
        hostname: "127.0.0.1",
        port: url.port,
        path: url.pathname + url.search,
        method: options.method ?? "GET",
        headers: { host: url.host, ...options.headers },
        localAddress,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            location: res.headers.location,
            setCookie: res.headers["set-cookie"] ?? [],
            text: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

/** Posts the sign-in form from a local address (a fresh browser there: its own CSRF cookie). */
export async function signInFrom(
  localAddress: string,
  base: string,
  email: string,
  password = DEMO_PASSWORD,
): Promise<Answer> {
  const jar = new CookieJar();
  const page = await requestFrom(localAddress, base, { path: "/login" });
  jar.update(page);
  const body = new URLSearchParams({ csrf: jar.get("concord_csrf") ?? "", email, password, returnTo: "" }).toString();
  return requestFrom(localAddress, base, {
    method: "POST",
    path: "/login",
    headers: {
      cookie: jar.header(),
      origin: base,
      "content-type": "application/x-www-form-urlencoded",
      "content-length": String(Buffer.byteLength(body)),
    },
    body,
  });
}

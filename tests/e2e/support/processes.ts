// Helpers for the tests about several server processes (cluster.spec.ts, redis.spec.ts), beside own-server.ts: a
// database with a live meeting, a clustered server's worker processes, and live-meeting clients (real socket.io
// clients with a signed-in session's cookie, rejoining on every reconnection as the browser's live meeting does).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { io, type Socket } from "socket.io-client";

export const CHAIR = "investigator@police.concord.test";
export const ADVOCATE = "advocate@isac.concord.test";
export const PROBATION = "practitioner@probation.concord.test";
export const PSYCHOLOGIST = "psychologist@health.concord.test";

export type Fixture = {
  meetingId: string;
  items: string[];
  people: Record<string, { userId: string; cookie: string }>;
};

/** tests/e2e/support/meeting-fixture.ts on a new database file in `dir`. */
export function prepareMeeting(dir: string): { databasePath: string; fixture: Fixture } {
  const databasePath = path.join(dir, "concord.db");
  const run = spawnSync(process.execPath, ["--import", "tsx", "tests/e2e/support/meeting-fixture.ts"], {
    env: { ...process.env, DATABASE_PATH: databasePath, LOG_LEVEL: "silent", NODE_ENV: "test" },
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`meeting fixture failed: ${run.stderr}`);
  return { databasePath, fixture: JSON.parse(run.stdout.trim().split("\n").at(-1)!) as Fixture };
}

/** The process ids whose parent is `pid` (Linux /proc): a clustered server's workers. */
export function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      // The command name (in parentheses) may hold spaces; the parent id is the second field after it.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

export async function waitFor<T>(what: string, check: () => T | undefined | false, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = check();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

type Frame = { event: string; payload: unknown };

/** A live-meeting client: joins on every (re)connection, records every event and the raw frames it receives. */
export class MeetingClient {
  readonly socket: Socket;
  readonly frames: Frame[] = [];
  readonly raw: string[] = [];
  disconnects = 0;
  connects = 0;
  /** What went wrong with this client's connection, in order (for a failing test's message). */
  readonly events: string[] = [];

  constructor(
    readonly email: string,
    url: string,
    cookie: string,
    meetingId: string,
  ) {
    this.socket = io(url, {
      extraHeaders: { origin: url, cookie },
      transports: ["websocket"],
      forceNew: true,
      reconnectionDelay: 200,
      reconnectionDelayMax: 1000,
    });
    this.socket.onAny((event: string, payload: unknown) => this.frames.push({ event, payload }));
    this.socket.io.on("open", () => this.socket.io.engine.on("data", (d: unknown) => this.raw.push(String(d))));
    this.socket.on("connect", () => {
      this.connects += 1;
      this.socket.emit("meeting:join", { meetingId });
    });
    this.socket.on("disconnect", (reason) => {
      this.disconnects += 1;
      this.events.push(`${new Date().toISOString()} disconnect ${reason}`);
    });
    this.socket.on("connect_error", (error) =>
      this.events.push(`${new Date().toISOString()} connect_error ${error.message}`),
    );
    this.socket.io.on("reconnect_attempt", (n) =>
      this.events.push(`${new Date().toISOString()} reconnect_attempt ${n}`),
    );
  }

  /** The next `event` after now for which `where` holds. */
  next<T>(event: string, where: (payload: T) => boolean = () => true, timeoutMs = 15_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.socket.off(event, listener);
        reject(new Error(`${this.email}: no ${event} within ${timeoutMs} ms`));
      }, timeoutMs);
      const listener = (payload: T) => {
        if (!where(payload)) return;
        clearTimeout(timer);
        this.socket.off(event, listener);
        resolve(payload);
      };
      this.socket.on(event, listener);
    });
  }

  /** The last `event` received so far for which `where` holds, or one still to come. */
  latest<T>(event: string, where: (payload: T) => boolean = () => true, timeoutMs = 15_000): Promise<T> {
    const seen = [...this.frames].reverse().find((f) => f.event === event && where(f.payload as T));
    return seen ? Promise.resolve(seen.payload as T) : this.next(event, where, timeoutMs);
  }

  /** For a failing test's message. */
  describe(): string {
    return `${this.email}: connected=${this.socket.connected} connects=${this.connects} ${this.events.join("; ")}`;
  }

  /** The newest version of an item's minutes this client has been told of (to save on top of it). */
  knownVersion(itemId: string): number {
    let version = 0;
    for (const f of this.frames) {
      if (f.event === "meeting:state")
        version = Math.max(version, (f.payload as State).items.find((i) => i.id === itemId)?.minutesVersion ?? 0);
      if (
        (f.event === "meeting:minutes" || f.event === "meeting:minutes-saved") &&
        (f.payload as { itemId: string }).itemId === itemId
      )
        version = Math.max(version, (f.payload as { version: number }).version);
    }
    return version;
  }

  close(): void {
    this.socket.close();
  }
}

export type Presence = { meetingId: string; presence: { userId: string; editing: string | null }[] };
export type State = {
  meeting: { currentItemId: string | null };
  items: { id: string; minutes: string | null; minutesVersion: number }[];
  presence: { userId: string }[];
};

/** Whether a presence list names exactly these users. */
export function presenceOf(p: Presence, userIds: string[]): boolean {
  return JSON.stringify(p.presence.map((e) => e.userId).sort()) === JSON.stringify([...userIds].sort());
}

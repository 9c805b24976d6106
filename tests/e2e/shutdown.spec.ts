// Graceful shutdown of the real built server (a child process, as a process manager runs it). On SIGTERM it stops
// accepting connections, answers what is in flight with Connection: close, closes keep-alive connections as they
// fall idle, tells socket clients to reconnect elsewhere, closes the database and exits 0, well inside the 10 s a
// process manager waits. Under 20 clients sending back-to-back requests (writes among them) no request may be cut:
// each gets a complete response, or its connection is refused before anything is sent.
import { expect, test } from "@playwright/test";
import Database from "better-sqlite3";
import http from "node:http";
import { io } from "socket.io-client";
import { WORKED_CASE_REFERENCE } from "../../db/seed/demo-cases";
import { demoDatabase, signedInJar, startServer, type CookieJar } from "./own-server";

test("SIGTERM closes sockets and the database and exits 0", async () => {
  test.setTimeout(90_000);
  const { databasePath, remove } = await demoDatabase();
  const server = await startServer(databasePath);
  try {
    expect(await (await fetch(`${server.base}/healthz`)).json()).toEqual({ status: "ok" });

    // An unauthenticated socket is refused, so watch an engine-level connection being closed instead.
    const socket = io(server.base, {
      transports: ["polling"],
      extraHeaders: { origin: server.base },
      reconnection: false,
    });
    const refused = new Promise<string>((resolve) => socket.on("connect_error", (e) => resolve(e.message)));
    expect(await refused).toBe("unauthorised");
    socket.close();

    const code = await server.stop("SIGTERM");
    expect(code, server.log().slice(-2000)).toBe(0);
    expect(server.log()).toContain("shutting down");
    expect(server.log()).toContain("stopped");
    await expect(fetch(`${server.base}/healthz`)).rejects.toThrow();
  } finally {
    await server.stop("SIGKILL");
    remove();
  }
});

type Outcome = "complete" | "refused" | "cut";
type Sent = { outcome: Outcome; status?: number; location?: string; error?: string; at: number };

/**
 * One HTTP request on a client's own keep-alive agent. "refused": the connection was refused, so nothing was
 * sent; "cut": anything else that ends without a whole response (reset, hang-up, a body cut short).
 */
function send(
  agent: http.Agent,
  base: string,
  options: { method: string; path: string; headers: Record<string, string>; body?: string },
): Promise<Sent> {
  return new Promise((resolve) => {
    const url = new URL(options.path, base);
    let settled = false;
    const done = (s: Omit<Sent, "at">) => {
      if (settled) return;
      settled = true;
      resolve({ ...s, at: Date.now() });
    };
    const req = http.request(url, { method: options.method, agent, headers: options.headers }, (res) => {
      let received = 0;
      res.on("data", (chunk: Buffer) => (received += chunk.length));
      res.on("end", () => {
        const declared = res.headers["content-length"];
        const whole = res.complete && (declared === undefined || Number(declared) === received);
        done(
          whole
            ? { outcome: "complete", status: res.statusCode, location: res.headers.location }
            : { outcome: "cut", error: "incomplete body" },
        );
      });
      res.on("error", (e: NodeJS.ErrnoException) => done({ outcome: "cut", error: e.code ?? e.message }));
      res.on("aborted", () => done({ outcome: "cut", error: "aborted" }));
    });
    req.on("error", (e: NodeJS.ErrnoException) =>
      done({ outcome: e.code === "ECONNREFUSED" ? "refused" : "cut", error: e.code ?? e.message }),
    );
    req.end(options.body);
  });
}

test("SIGTERM under sustained load: no request cut, no acknowledged write lost, sockets told to reconnect", async () => {
  test.setTimeout(180_000);
  const CLIENTS = 20;
  const { databasePath, remove } = await demoDatabase();
  const server = await startServer(databasePath, { LOGIN_IP_LIMIT: "1000", LOG_LEVEL: "info" });
  const agents: http.Agent[] = [];
  try {
    const caseId = (() => {
      const db = new Database(databasePath, { readonly: true });
      try {
        return (db.prepare("SELECT id FROM cases WHERE reference = ?").get(WORKED_CASE_REFERENCE) as { id: string }).id;
      } finally {
        db.close();
      }
    })();
    // The officer in the case, signed in 20 times: one session per client.
    const jars: CookieJar[] = [];
    for (let i = 0; i < CLIENTS; i++) jars.push(await signedInJar(server.base, "investigator@police.concord.test"));

    // A live socket, as an open page has: it must be told the server is going and left to reconnect.
    const socket = io(server.base, {
      transports: ["websocket"],
      extraHeaders: { origin: server.base, cookie: jars[0]!.header() },
      reconnection: false,
    });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("connect_error", reject);
    });
    const told = new Promise<unknown>((resolve) => socket.once("server:stopping", resolve));
    const socketClosed = new Promise<string>((resolve) => socket.once("disconnect", (reason) => resolve(reason)));

    let sigtermAt = 0;
    let exitedAt = 0;
    let serverGone = false;
    const results: (Sent & { client: number; write?: string })[] = [];
    const reads = ["/", `/cases/${caseId}`, `/cases/${caseId}.data`, `/cases/${caseId}/notes`];

    const client = async (n: number) => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      agents.push(agent);
      const jar = jars[n]!;
      for (let i = 0; ; i++) {
        let sent: Sent;
        let write: string | undefined;
        if (i % 3 === 0) {
          write = `load ${n}-${i}`;
          const body = new URLSearchParams({
            csrf: jar.get("concord_csrf")!,
            category: "investigation",
            title: write,
            summary: "Load test note",
            text: "Written while the server was asked to stop.",
            marking: "OFFICIAL",
          }).toString();
          sent = await send(agent, server.base, {
            method: "POST",
            path: `/cases/${caseId}/notes/new`,
            headers: {
              cookie: jar.header(),
              origin: server.base,
              "content-type": "application/x-www-form-urlencoded",
              "content-length": String(Buffer.byteLength(body)),
            },
            body,
          });
        } else {
          sent = await send(agent, server.base, {
            method: "GET",
            path: reads[i % reads.length]!,
            headers: { cookie: jar.header() },
          });
        }
        results.push({ ...sent, client: n, write });
        if (sent.outcome !== "complete") {
          if (serverGone) return;
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    };
    const clients = Array.from({ length: CLIENTS }, (_, n) => client(n));

    // Load until every client has had several answers (a few seconds; longer on a busy machine), then SIGTERM.
    const answered = (n: number) => results.filter((r) => r.client === n && r.outcome === "complete").length;
    const loadDeadline = Date.now() + 60_000;
    while (Array.from({ length: CLIENTS }, (_, n) => answered(n)).some((a) => a < 6) && Date.now() < loadDeadline)
      await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 1_000));
    sigtermAt = Date.now();
    server.child.kill("SIGTERM");
    const code = await server.exited;
    exitedAt = Date.now();
    serverGone = true;
    await Promise.all(clients);

    const before = results.filter((r) => r.at < sigtermAt);
    const after = results.filter((r) => r.at >= sigtermAt);
    const count = (rs: typeof results, o: Outcome) => rs.filter((r) => r.outcome === o).length;
    const cut = results.filter((r) => r.outcome === "cut");
    const figures = {
      clients: CLIENTS,
      completeBeforeSigterm: count(before, "complete"),
      completeAfterSigterm: count(after, "complete"),
      refusedAfterSigterm: count(after, "refused"),
      cut: cut.length,
      cutErrors: [...new Set(cut.map((r) => r.error))].join(", "),
      status5xx: results.filter((r) => (r.status ?? 0) >= 500).length,
      secondsToExit: (exitedAt - sigtermAt) / 1000,
    };
    test.info().annotations.push({ type: "figures", description: JSON.stringify(figures) });
    console.log(`shutdown under load: ${JSON.stringify(figures)}`);

    expect(code, server.log().slice(-2000)).toBe(0);
    expect(figures.completeBeforeSigterm, "the load really ran").toBeGreaterThanOrEqual(CLIENTS * 6);
    expect(cut, "requests cut").toEqual([]);
    expect(figures.status5xx, "server errors").toBe(0);
    expect(server.log()).not.toContain("closing anyway");

    // Every write the server acknowledged (a redirect to the notes list) is in the database.
    const acknowledged = results
      .filter((r) => r.write && r.outcome === "complete" && r.status === 302 && r.location?.includes("done=added"))
      .map((r) => r.write!);
    expect(acknowledged.length).toBeGreaterThanOrEqual(CLIENTS);
    const db = new Database(databasePath, { readonly: true });
    try {
      const stored = new Set(
        (
          db.prepare("SELECT title FROM case_records WHERE kind = 'note' AND title LIKE 'load %'").all() as {
            title: string;
          }[]
        ).map((r) => r.title),
      );
      expect(
        acknowledged.filter((w) => !stored.has(w)),
        "acknowledged writes missing",
      ).toEqual([]);
      expect((db.prepare("PRAGMA integrity_check").get() as { integrity_check: string }).integrity_check).toBe("ok");
    } finally {
      db.close();
    }

    // The socket was told, then its connection closed without socket.io's "disconnect" packet: a client with
    // reconnection on (as the pages have) reconnects, to another worker or node.
    expect(await told).toEqual({ reconnect: true });
    expect(await socketClosed).toBe("transport close");
  } finally {
    for (const agent of agents) agent.destroy();
    await server.stop("SIGKILL");
    remove();
  }
});

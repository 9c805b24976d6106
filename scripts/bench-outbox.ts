// `npm run bench:outbox`: the email outbox's figures (issue 19), one JSON line each, on a temporary SQLite file
// with the demo accounts, sending over STARTTLS to a real SMTP server on a loopback port (tests/smtp-test-server.ts):
// - outbox.throughput: a backlog of OUTBOX_BENCH_BACKLOG emails drained by one sender, messages per second;
// - outbox.delay: OUTBOX_BENCH_SINGLES notifications committed one at a time (each wakes the sender), the delay from
//   commit to the message arriving at the SMTP server, p50 and p95.
// Figures, not assertions. The load average is printed with them: the machine is shared.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "concord-bench-outbox-"));
const backlog = Number(process.env.OUTBOX_BENCH_BACKLOG ?? 1000);
const singles = Number(process.env.OUTBOX_BENCH_SINGLES ?? 200);
const { startSmtpTestServer } = await import("../tests/smtp-test-server");
const smtp = await startSmtpTestServer();
fs.writeFileSync(path.join(dir, "ca.pem"), smtp.certPem);
Object.assign(process.env, {
  DATABASE_PATH: path.join(dir, "bench.db"),
  CONCORD_DEMO: "1",
  LOG_LEVEL: "silent",
  MAIL_TRANSPORT: "smtp",
  MAIL_FROM: "no-reply@concord.example.test",
  CONCORD_BASE_URL: "https://concord.example.test",
  SMTP_HOST: "localhost",
  SMTP_PORT: String(smtp.port),
  SMTP_CA_FILE: path.join(dir, "ca.pem"),
  MAIL_POLL_SECONDS: "60",
});

const { getDb, closeDb } = await import("../app/db.server");
const { getConfig } = await import("../app/config.server");
const { seedDemo } = await import("../db/seed/demo");
const { users } = await import("../db/schema");
const { notify } = await import("../app/services/notifications.server");
const { smtpTransport } = await import("../app/services/mail-transports.server");
const { drainOutbox, startOutboxSender } = await import("../app/services/outbox-sender.server");

const db = getDb();
await seedDemo(db, { NODE_ENV: "test" });
const people = db
  .select({ id: users.id })
  .from(users)
  .all()
  .map((u) => u.id);
const transport = smtpTransport(getConfig().mail);
const load = () => os.loadavg().map((l) => Number(l.toFixed(2)));
const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;

// Throughput: the backlog is queued (as after downtime), then one sender drains it.
db.transaction((tx) => {
  for (let i = 0; i < backlog; i++)
    notify(tx, [people[i % people.length]!], { kind: "task_assigned", text: "bench", href: "/" });
});
const started = performance.now();
const drained = await drainOutbox(transport);
await smtp.waitFor(backlog, 600_000);
const seconds = (performance.now() - started) / 1000;
process.stdout.write(
  `${JSON.stringify({ name: "outbox.throughput", n: drained.sent, messages_per_s: Number((drained.sent / seconds).toFixed(1)), seconds: Number(seconds.toFixed(2)), loadavg: load() })}\n`,
);

// Delay: one notification per commit, the sender woken by each, as in the server.
smtp.messages.length = 0;
const sender = startOutboxSender(transport, 60_000);
const committed = new Map<string, number>();
for (let i = 0; i < singles; i++) {
  const href = `/bench/${i}`;
  const push = db.transaction((tx) =>
    notify(tx, [people[i % people.length]!], { kind: "task_assigned", text: "bench", href }),
  );
  committed.set(`https://concord.example.test${href}`, Date.now());
  push();
  await new Promise((r) => setTimeout(r, 20));
}
await smtp.waitFor(singles, 600_000);
const delays = smtp.messages.map((m) => {
  const link = /https:\/\/concord\.example\.test\/bench\/\d+/.exec(m.parsed.text ?? "")![0];
  return m.receivedAt - committed.get(link)!;
});
process.stdout.write(
  `${JSON.stringify({ name: "outbox.delay", n: delays.length, p50_ms: percentile(delays, 50), p95_ms: percentile(delays, 95), loadavg: load() })}\n`,
);

await sender.stop();
transport.close();
await smtp.close();
closeDb();
fs.rmSync(dir, { recursive: true, force: true });

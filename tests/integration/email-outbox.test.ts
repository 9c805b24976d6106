// The email outbox (issue 19) against a real SMTP server on a loopback port (STARTTLS, a certificate made for the
// test), parsing what arrives: written with the change, sent once after commit, sent by a new sender after a stop
// between commit and send or mid-send, retried with backoff to a dead letter, refused addresses recorded and held,
// a day's items in one digest. Real SQLite file, real services, real nodemailer.
import { describe, expect, it } from "vitest";
import { closeDb, getDb } from "~/db.server";
import { getConfig } from "~/config.server";
import { smtpTransport, type MailTransport } from "~/services/mail-transports.server";
import {
  claimDue,
  drainOutbox,
  outboxSettings,
  runOutboxBatch,
  startOutboxSender,
} from "~/services/outbox-sender.server";
import { addTask } from "~/services/tasks.server";
import { outboxPage, retryDeadLetter } from "~/services/outbox-admin.server";
import type { SmtpTestServer } from "../smtp-test-server";
import { mailSuite, MAIL_BASE } from "./email-fixtures";
import { dateFields, londonDay, makeCase, type TestCase } from "./order-fixtures";
import { statusOf, type TestDb } from "./test-db";

const INVESTIGATOR = "investigator@police.concord.test";
const ADVOCATE = "advocate@isac.concord.test";
const PRACTITIONER = "practitioner@probation.concord.test";
const BASE = MAIL_BASE;

let t: TestDb;
let smtp: SmtpTestServer;
let transport: MailTransport;

mailSuite(
  { seed: true, env: { MAIL_MAX_ATTEMPTS: "3", MAIL_RETRY_BASE_SECONDS: "60" } },
  (bed) => ({ t, smtp, transport } = bed),
);

function teamCase(): TestCase {
  return makeCase(t, {
    team: [
      [INVESTIGATOR, "officer_in_case"],
      [ADVOCATE, "advocate"],
      [PRACTITIONER, "offender_manager"],
    ],
  });
}

const TITLE = "Ring Zebedee Quinnell about the hearing";

function assignTask(c: TestCase, owner: string): void {
  const done = addTask(t.actorFor(INVESTIGATOR), c.id, {
    title: TITLE,
    ownerUserId: t.userId(owner),
    ...dateFields("dueOn", londonDay(5)),
  });
  expect(done.ok).toBe(true);
}

function outbox(where = "1 = 1", ...params: unknown[]) {
  return getDb()
    .$client.prepare(`SELECT * FROM email_outbox WHERE ${where} ORDER BY created_at`)
    .all(...params) as {
    id: string;
    user_id: string;
    kind: string;
    status: string;
    attempts: number;
    next_attempt_at: string;
    last_error: string | null;
    subject: string;
    body: string;
  }[];
}

describe("the outbox", () => {
  it("is written with the change and sent once after commit, content-free, over TLS", async () => {
    const c = teamCase();
    assignTask(c, ADVOCATE);
    const queued = outbox("user_id = ? AND status = 'pending'", t.userId(ADVOCATE));
    expect(queued).toHaveLength(1);
    expect(smtp.messages).toHaveLength(0);

    expect(await drainOutbox(transport)).toMatchObject({ sent: 1 });
    const [mail] = await smtp.waitFor(1);
    expect(mail!.to).toEqual([ADVOCATE]);
    expect(mail!.parsed.subject).toBe("Concord: a task is assigned to you");
    expect(mail!.parsed.text).toContain(`${BASE}/cases/${c.id}/tasks`);
    for (const secret of [TITLE, "Zebedee", c.reference, "Dana Whitlock"]) {
      expect(mail!.parsed.subject).not.toContain(secret);
      expect(mail!.parsed.text).not.toContain(secret);
    }
    expect(outbox("id = ?", queued[0]!.id)[0]).toMatchObject({ status: "sent", attempts: 1 });

    // Nothing is sent twice.
    expect(await drainOutbox(transport)).toMatchObject({ sent: 0, claimed: 0 });
    expect(smtp.messages).toHaveLength(1);
  });

  it("a stop between commit and send: a new sender on the same file sends it, exactly once", async () => {
    const c = teamCase();
    assignTask(c, PRACTITIONER);
    // The process stops after the commit (no sender ran); the database is reopened by the next one.
    closeDb();
    t.db = getDb();
    const sender = startOutboxSender(transport, 60_000);
    await smtp.waitFor(1);
    await sender.idle();
    await sender.stop();
    expect(smtp.messages.map((m) => m.to[0])).toEqual([PRACTITIONER]);
    expect(outbox("user_id = ? AND status = 'sent'", t.userId(PRACTITIONER)).length).toBeGreaterThanOrEqual(1);
    expect(outbox("status = 'pending'")).toHaveLength(0);
  });

  it("a stop mid-send (claimed, never recorded): the row waits for its lease to expire, then is sent once", async () => {
    const c = teamCase();
    assignTask(c, ADVOCATE);
    const settings = outboxSettings();
    const claimed = claimDue({ ...settings, holder: "killed-process" }, new Date());
    expect(claimed).toHaveLength(1);
    // While the dead process's lease lasts, nobody takes the row.
    expect(await runOutboxBatch(transport, settings)).toMatchObject({ claimed: 0 });
    const afterLease = new Date(Date.now() + settings.leaseMs + 1_000);
    const r = await runOutboxBatch(transport, settings, afterLease);
    expect(r).toMatchObject({ claimed: 1, sent: 1 });
    await smtp.waitFor(1);
    expect(smtp.messages).toHaveLength(1);
    expect(outbox("id = ?", claimed[0]!.id)[0]).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("an unreachable server: retried with growing waits, then a dead letter", async () => {
    const c = teamCase();
    const down = smtpTransport({ ...getConfig().mail, smtp: { ...getConfig().mail.smtp!, port: 1 } });
    assignTask(c, ADVOCATE);
    const [row] = outbox("user_id = ? AND status = 'pending'", t.userId(ADVOCATE));
    const settings = outboxSettings();
    let now = Date.now();
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      const r = await runOutboxBatch(down, settings, new Date(now));
      expect(r.claimed).toBe(1);
      const after = outbox("id = ?", row!.id)[0]!;
      if (attempt < 3) {
        expect(after).toMatchObject({ status: "pending", attempts: attempt });
        expect(after.last_error).toMatch(/^SMTP /);
        waits.push(Date.parse(after.next_attempt_at) - Date.now());
        // Not due before its wait.
        expect(await runOutboxBatch(down, settings, new Date(now))).toMatchObject({ claimed: 0 });
        now = Date.parse(after.next_attempt_at) + 1;
      } else {
        expect(after).toMatchObject({ status: "dead", attempts: 3 });
      }
    }
    expect(waits[1]! - waits[0]!).toBeGreaterThan(50_000); // 60 s then 120 s
    down.close();
    expect(smtp.messages).toHaveLength(0);

    // The system administrator sees the dead letter (and nobody else may look) and tries it again: it is sent.
    expect(statusOf(() => outboxPage(t.actorFor("admin@police.concord.test"), "dead"))).toBe(403);
    const sysadmin = t.actorFor("sysadmin@partnership.concord.test");
    const page = outboxPage(sysadmin, "dead");
    expect(page.rows.map((r) => r.id)).toContain(row!.id);
    expect(page.rows.find((r) => r.id === row!.id)).toMatchObject({
      subject: "Concord: a task is assigned to you",
      attempts: 3,
    });
    expect(retryDeadLetter(sysadmin, { id: row!.id })).toEqual({ ok: true });
    expect(retryDeadLetter(sysadmin, { id: row!.id })).toEqual({ ok: false });
    expect(await drainOutbox(transport)).toMatchObject({ sent: 1 });
    expect(smtp.messages.map((m) => m.to[0])).toEqual([ADVOCATE]);
    expect(t.auditRows().filter((r) => r.action === "outbox.retry")).toHaveLength(1);
  });

  it("a permanent refusal (550) is recorded against the address, and later mail to it is held", async () => {
    const c = teamCase();
    smtp.refuse.add(PRACTITIONER);
    assignTask(c, PRACTITIONER);
    expect(await drainOutbox(transport)).toMatchObject({ dead: 1 });
    const problems = getDb()
      .$client.prepare("SELECT address, reason, cleared_at FROM email_address_problems WHERE user_id = ?")
      .all(t.userId(PRACTITIONER));
    expect(problems).toEqual([{ address: PRACTITIONER, reason: "SMTP 550 at RCPT TO", cleared_at: null }]);
    assignTask(c, PRACTITIONER);
    expect(outbox("user_id = ? AND status = 'held'", t.userId(PRACTITIONER))).toHaveLength(1);
    expect(await drainOutbox(transport)).toMatchObject({ claimed: 0 });
    expect(smtp.messages).toHaveLength(0);
  });

  it("STARTTLS is required: a server that does not offer it is refused at the check and at each send", async () => {
    const { SMTPServer } = await import("smtp-server");
    const plain = new SMTPServer({
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onData: (s, _x, cb) => s.on("end", () => cb()).resume(),
    });
    await new Promise<void>((resolve) => plain.listen(0, "127.0.0.1", resolve));
    const port = (plain.server.address() as { port: number }).port;
    const insecure = smtpTransport({ ...getConfig().mail, smtp: { ...getConfig().mail.smtp!, port } });
    await expect(insecure.verify()).rejects.toThrow(/STARTTLS/i);
    const sent = await insecure.send({
      to: ADVOCATE,
      kind: "task_assigned",
      subject: "s",
      body: "b",
      link: BASE,
      calendar: null,
      reference: "x",
    });
    expect(sent).toMatchObject({ ok: false, permanent: false });
    insecure.close();
    await new Promise<void>((resolve) => plain.close(() => resolve()));
  });
});

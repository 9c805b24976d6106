// Every kind of email (issue 19), from the demo data, through a real local SMTP server: each arrives once, and no
// subject or body carries a person's name (from the people and users tables), a case reference, or any record's
// title or summary line. The sweeps (deadlines, reviews, overdue actions) and workflows run for real; kinds no
// workflow here reaches are queued through the same enqueueEmails() notify() uses, with links to demo cases.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { EMAIL_KIND_TEXT, EMAIL_KINDS, type EmailKind } from "~/domain/email-content";
import { sendDeadlineAlerts } from "~/services/deadline-alerts.server";
import { sendDueReminders } from "~/services/due-reminders.server";
import type { MailTransport } from "~/services/mail-transports.server";
import { drainOutbox } from "~/services/outbox-sender.server";
import { enqueueEmails } from "~/services/outbox.server";
import { issuePasswordLink } from "~/services/password-links.server";
import { openOrderExpiryReviews } from "~/services/risk-review-triggers.server";
import type { SmtpTestServer } from "../smtp-test-server";
import { mailTestBed, MAIL_BASE, type MailTestBed } from "./email-fixtures";
import { seedDemo } from "../../db/seed/demo";
import type { TestDb } from "./test-db";

const BASE = MAIL_BASE;
let t: TestDb;
let smtp: SmtpTestServer;
let transport: MailTransport;

let bed: MailTestBed;
beforeAll(async () => {
  bed = await mailTestBed({}, async () => void (await seedDemo(getDb(), { NODE_ENV: "test" }, { casework: true })));
  ({ t, smtp, transport } = bed);
});
afterAll(() => bed.close());

const SUBJECT_KIND = new Map<string, EmailKind>(EMAIL_KINDS.map((k) => [`Concord: ${EMAIL_KIND_TEXT[k].subject}`, k]));

/** What must never appear in an email: names, references, record titles and summary lines from the demo data. */
function forbidden(): string[] {
  const $ = getDb().$client;
  const column = (sql: string) =>
    ($.prepare(sql).all() as { v: string | null }[]).map((r) => (r.v ?? "").trim()).filter((v) => v.length >= 5);
  return [
    ...column("SELECT name AS v FROM users"),
    ...column("SELECT full_name AS v FROM people"),
    ...column("SELECT reference AS v FROM cases"),
    ...column("SELECT title AS v FROM case_records"),
    ...column("SELECT summary AS v FROM case_records"),
  ];
}

describe("every kind of email, from the demo data", () => {
  it("arrives once per recipient and carries no name, case reference or record text", async () => {
    const now = new Date();
    // The sweeps, as the server runs them, over the demo partnership.
    expect(sendDeadlineAlerts(now).alerts).toBeGreaterThan(0);
    openOrderExpiryReviews(now);
    sendDueReminders(now);
    // A password link for a demo account.
    issuePasswordLink(
      t.userId("practitioner@probation.concord.test"),
      t.userId("sysadmin@partnership.concord.test"),
      "reset",
    );
    // Every kind once more, for one demo person, with a link to a demo case (what notify() does for each).
    const cases = getDb().$client.prepare("SELECT id FROM cases ORDER BY reference LIMIT 3").all() as { id: string }[];
    const me = t.userId("advocate@isac.concord.test");
    getDb().transaction((tx) => {
      for (const kind of EMAIL_KINDS)
        enqueueEmails(
          tx,
          [me],
          { kind, path: `/cases/${cases[EMAIL_KINDS.indexOf(kind) % cases.length]!.id}`, key: `kinds-test:${kind}` },
          now.toISOString(),
        );
    });
    const queued = (
      getDb().$client.prepare("SELECT count(*) AS n FROM email_outbox WHERE status = 'pending'").get() as { n: number }
    ).n;
    await drainOutbox(transport);
    const mails = await smtp.waitFor(queued);
    expect(mails).toHaveLength(queued);

    // The kinds the advocate got: every one, exactly once.
    const mine = mails.filter((m) => m.to[0] === "advocate@isac.concord.test" && m.parsed.text?.includes("/cases/"));
    const kinds = mine
      .map((m) => SUBJECT_KIND.get(m.parsed.subject ?? ""))
      .filter((k): k is EmailKind => k !== undefined);
    for (const kind of EMAIL_KINDS)
      expect(
        kinds.filter((k) => k === kind),
        kind,
      ).toHaveLength(1);
    // The sweeps' own notifications arrived: deadlines approaching (to the officers and supervisors of demo cases)
    // and risk assessment reviews due (to their authors).
    const subjects = mails.filter((m) => m.to[0] !== "advocate@isac.concord.test").map((m) => m.parsed.subject);
    expect(subjects).toContain("Concord: a charging deadline is approaching");
    expect(subjects).toContain("Concord: a risk assessment review is due");
    expect(subjects).toContain("Concord: set your password");

    const secrets = forbidden();
    expect(secrets.length).toBeGreaterThan(100);
    for (const mail of mails) {
      const text = `${mail.parsed.subject}\n${mail.parsed.text}`;
      for (const secret of secrets)
        expect(text.includes(secret), `"${secret}" in an email: ${mail.parsed.subject}`).toBe(false);
      // Every link points at the configured address.
      for (const link of text.match(/https?:\/\/\S+/g) ?? []) expect(link.startsWith(`${BASE}/`)).toBe(true);
    }

    // The sweeps again: nothing new to tell, nothing sent twice.
    sendDeadlineAlerts(new Date());
    sendDueReminders(new Date());
    await drainOutbox(transport);
    expect(smtp.messages).toHaveLength(queued);
    // A sent password link is not kept usable in the outbox.
    const kept = getDb()
      .$client.prepare("SELECT body, link FROM email_outbox WHERE kind = 'password_link' AND status = 'sent'")
      .all() as { body: string; link: string }[];
    expect(kept.length).toBeGreaterThan(0);
    for (const k of kept) expect(`${k.body} ${k.link}`).not.toMatch(/set-password\/[A-Za-z0-9_-]{20,}/);
  });
});

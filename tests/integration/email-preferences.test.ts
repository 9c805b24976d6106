// Email preferences and the daily summary (issue 19) through a real local SMTP server: per kind straight away, in a
// daily summary at the person's time, or off; required kinds stay on; agency defaults; refused addresses shown to
// the agency administrator, who clears them (held mail then goes).
import { describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { EMAIL_KINDS, isRequiredKind } from "~/domain/email-content";
import {
  agencyEmailSettings,
  clearAddressProblem,
  myEmailPreferences,
  saveAgencyEmailDefaults,
  saveMyEmailPreferences,
} from "~/services/email-preferences.server";
import type { MailTransport } from "~/services/mail-transports.server";
import { drainOutbox, outboxSettings, runOutboxBatch } from "~/services/outbox-sender.server";
import { addTask } from "~/services/tasks.server";
import type { SmtpTestServer } from "../smtp-test-server";
import { mailSuite, MAIL_BASE } from "./email-fixtures";
import { dateFields, londonDay, makeCase, type TestCase } from "./order-fixtures";
import { statusOf, type TestDb } from "./test-db";

const INVESTIGATOR = "investigator@police.concord.test";
const ADVOCATE = "advocate@isac.concord.test";
const MANAGER = "manager@isac.concord.test";
const PRACTITIONER = "practitioner@probation.concord.test";
const BASE = MAIL_BASE;

let t: TestDb;
let smtp: SmtpTestServer;
let transport: MailTransport;

mailSuite({ seed: true }, (bed) => ({ t, smtp, transport } = bed));

function teamCase(): TestCase {
  return makeCase(t, {
    team: [
      [INVESTIGATOR, "officer_in_case"],
      [ADVOCATE, "advocate"],
      [MANAGER, "advocate"],
      [PRACTITIONER, "offender_manager"],
    ],
  });
}
function assignTask(c: TestCase, owner: string, title = "Ring the victim about the hearing"): void {
  expect(
    addTask(t.actorFor(INVESTIGATOR), c.id, {
      title,
      ownerUserId: t.userId(owner),
      ...dateFields("dueOn", londonDay(5)),
    }).ok,
  ).toBe(true);
}
/** Every choosable kind as the person has it now, with some changed. */
function form(email: string, changes: Record<string, string>, digestTime = "17:30"): Record<string, string> {
  const now = myEmailPreferences(t.actorFor(email));
  return {
    digestTime,
    ...Object.fromEntries(now.kinds.filter((k) => !k.required).map((k) => [`mode-${k.kind}`, k.mode])),
    ...changes,
  };
}
const rows = (email: string) =>
  getDb()
    .$client.prepare(
      "SELECT kind, status, next_attempt_at AS due FROM email_outbox WHERE user_id = ? ORDER BY created_at",
    )
    .all(t.userId(email)) as { kind: string; status: string; due: string }[];

describe("email preferences", () => {
  it("a daily summary groups a day's items into one email at the person's time", async () => {
    expect(saveMyEmailPreferences(t.actorFor(ADVOCATE), form(ADVOCATE, { "mode-task_assigned": "digest" }))).toEqual({
      ok: true,
    });
    const c = teamCase();
    assignTask(c, ADVOCATE);
    assignTask(c, ADVOCATE, "Second task");
    const waiting = rows(ADVOCATE).filter((r) => r.status === "digest");
    expect(waiting).toHaveLength(2);
    // Due at the next 17:30 in London.
    expect(
      new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", minute: "2-digit" }).format(
        new Date(waiting[0]!.due),
      ),
    ).toBe("17:30");
    expect(await drainOutbox(transport)).toMatchObject({ sent: 0 });
    expect(smtp.messages).toHaveLength(0);

    const at = new Date(Date.parse(waiting[0]!.due) + 1_000);
    expect(await runOutboxBatch(transport, outboxSettings(), at)).toMatchObject({ digests: 1, sent: 1 });
    const [mail] = await smtp.waitFor(1);
    expect(mail!.to).toEqual([ADVOCATE]);
    expect(mail!.parsed.subject).toBe("Concord: your daily summary (2 items)");
    expect(mail!.parsed.text).toContain("Tasks assigned to you (2):");
    expect(mail!.parsed.text!.split(`${BASE}/cases/${c.id}/tasks`).length - 1).toBe(2);
    expect(mail!.parsed.text).not.toMatch(/Ring the victim|Second task|NS-/);
    expect(
      rows(ADVOCATE)
        .filter((r) => r.kind === "task_assigned")
        .map((r) => r.status),
    ).toEqual(["digested", "digested"]);
    // Folded once: nothing more later.
    expect(await runOutboxBatch(transport, outboxSettings(), new Date(at.getTime() + 60_000))).toMatchObject({
      digests: 0,
      claimed: 0,
    });
  });

  it("off sends nothing (the notification in Concord stays); required kinds cannot be turned off; bad input changes nothing", async () => {
    expect(
      saveMyEmailPreferences(t.actorFor(PRACTITIONER), form(PRACTITIONER, { "mode-task_assigned": "off" })),
    ).toEqual({ ok: true });
    const c = teamCase();
    assignTask(c, PRACTITIONER);
    expect(rows(PRACTITIONER).at(-1)).toMatchObject({ kind: "task_assigned", status: "off" });
    expect(
      getDb()
        .$client.prepare("SELECT count(*) AS n FROM notifications WHERE user_id = ? AND case_id = ?")
        .get(t.userId(PRACTITIONER), c.id),
    ).toEqual({ n: 1 });
    await drainOutbox(transport);
    expect(smtp.messages).toHaveLength(0);

    const before = myEmailPreferences(t.actorFor(PRACTITIONER));
    expect(
      saveMyEmailPreferences(
        t.actorFor(PRACTITIONER),
        form(PRACTITIONER, { "mode-countersign_requested": "off", "mode-breach": "off" }),
      ),
    ).toMatchObject({ ok: false, errors: { form: "Some emails cannot be turned off or delayed" } });
    expect(
      saveMyEmailPreferences(t.actorFor(PRACTITIONER), form(PRACTITIONER, { "mode-breach": "weekly" }, "25:00")),
    ).toMatchObject({ ok: false, errors: { "mode-breach": expect.any(String), digestTime: expect.any(String) } });
    expect(myEmailPreferences(t.actorFor(PRACTITIONER))).toEqual(before);
    for (const k of before.kinds) if (isRequiredKind(k.kind)) expect(k.mode).toBe("immediately");
    expect(before.kinds.map((k) => k.kind)).toEqual([...EMAIL_KINDS]);
    expect(t.auditRows().filter((r) => r.action === "email_preferences.update")).toHaveLength(2);
  });

  it("an agency administrator sets the agency's defaults; a person's own choice wins; nobody else may", () => {
    expect(statusOf(() => agencyEmailSettings(t.actorFor(INVESTIGATOR)))).toBe(403);
    expect(statusOf(() => saveAgencyEmailDefaults(t.actorFor(ADVOCATE), {}))).toBe(403);
    const admin = t.actorFor("admin@police.concord.test");
    const defaults = Object.fromEntries(
      agencyEmailSettings(admin)
        .kinds.filter((k) => !k.required)
        .map((k) => [`mode-${k.kind}`, k.mode]),
    );
    expect(
      saveAgencyEmailDefaults(admin, { ...defaults, "mode-breach": "digest", "mode-added_to_team": "off" }),
    ).toEqual({ ok: true });
    const spoc = myEmailPreferences(t.actorFor("spoc@police.concord.test")).kinds;
    expect(spoc.find((k) => k.kind === "breach")?.mode).toBe("digest");
    expect(spoc.find((k) => k.kind === "added_to_team")?.mode).toBe("off");
    // Another agency is untouched; the investigator's own choice wins over the default.
    expect(myEmailPreferences(t.actorFor(ADVOCATE)).kinds.find((k) => k.kind === "breach")?.mode).toBe("immediately");
    expect(
      saveMyEmailPreferences(t.actorFor(INVESTIGATOR), form(INVESTIGATOR, { "mode-breach": "immediately" })),
    ).toEqual({ ok: true });
    expect(myEmailPreferences(t.actorFor(INVESTIGATOR)).kinds.find((k) => k.kind === "breach")?.mode).toBe(
      "immediately",
    );
  });

  it("a refused address is listed for its agency's administrator only; clearing it sends the held mail", async () => {
    smtp.refuse.add(MANAGER);
    const c = teamCase();
    assignTask(c, MANAGER);
    expect(await drainOutbox(transport)).toMatchObject({ dead: 1 });
    assignTask(c, MANAGER, "Held task");
    expect(rows(MANAGER).at(-1)).toMatchObject({ status: "held" });
    expect(agencyEmailSettings(t.actorFor("admin@police.concord.test")).problems).toEqual([]);
    // The ISAC has no agency administrator in the demo: the system administrator's own agency is the partnership office.
    const isacAdmin = t.actorFor("sysadmin@partnership.concord.test");
    expect(agencyEmailSettings(isacAdmin).problems).toEqual([]);
    const problemId = (
      getDb().$client.prepare("SELECT id FROM email_address_problems WHERE user_id = ?").get(t.userId(MANAGER)) as {
        id: string;
      }
    ).id;
    // An administrator of another agency cannot clear it.
    expect(clearAddressProblem(t.actorFor("admin@police.concord.test"), { problemId })).toEqual({ ok: false });
    smtp.refuse.clear();
    getDb()
      .$client.prepare(
        "UPDATE users SET agency_id = (SELECT agency_id FROM users WHERE email = 'admin@police.concord.test') WHERE email = ?",
      )
      .run(MANAGER);
    const police = t.actorFor("admin@police.concord.test");
    expect(agencyEmailSettings(police).problems).toMatchObject([{ address: MANAGER, reason: "SMTP 550 at RCPT TO" }]);
    expect(clearAddressProblem(police, { problemId })).toEqual({ ok: true });
    expect(await drainOutbox(transport)).toMatchObject({ sent: 1 });
    expect(smtp.messages.map((m) => m.to[0])).toEqual([MANAGER]);
  });
});

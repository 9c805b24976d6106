// Issue 19's last gaps, through a real local SMTP server: an action from a meeting owned by an agency (not a person)
// tells that agency's people (its supervisors and its officer in the case) when it is given and when it goes past its
// due date, once per due date; and a cancelled meeting is handled everywhere: the list says so, the home page's
// "today" list drops it, a daily summary no longer carries its invitation, and its calendar download says CANCELLED.
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { sendDueReminders } from "~/services/due-reminders.server";
import { editAction } from "~/services/meeting-actions.server";
import { addAgendaItems } from "~/services/meeting-items.server";
import { cancelMeeting, meetingCalendar } from "~/services/meeting-invitations.server";
import {
  acknowledgeConfidentiality,
  addAction,
  listMeetings,
  meetingView,
  openMeeting,
} from "~/services/meetings.server";
import type { MailTransport } from "~/services/mail-transports.server";
import { myWork } from "~/services/my-work.server";
import { saveMyEmailPreferences, myEmailPreferences } from "~/services/email-preferences.server";
import { drainOutbox, outboxSettings, runOutboxBatch } from "~/services/outbox-sender.server";
import { getDb } from "~/db.server";
import { WORKED_CASE_REFERENCE } from "../../db/seed/demo-cases";
import type { SmtpTestServer } from "../smtp-test-server";
import { mailSuite } from "./email-fixtures";
import { acceptedClinicReferral, caseIdOf, clinicMeeting } from "./live-clients";
import type { TestDb } from "./test-db";

const CLINIC = "clinic@partnership.concord.test";
const POLICE = "investigator@police.concord.test"; // chairs; the officer in the case on the worked case
const POLICE_SUPERVISOR = "supervisor@police.concord.test";
const SPOC = "spoc@police.concord.test";
const ADVOCATE = "advocate@isac.concord.test";
const PROBATION = "practitioner@probation.concord.test";

let t: TestDb;
let smtp: SmtpTestServer;
let transport: MailTransport;
mailSuite({ seed: true }, (bed) => ({ t, smtp, transport } = bed));

const DAY = 86_400_000;
const inDays = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);
const due = (iso: string) => {
  const [year, month, day] = iso.split("-");
  return { "due-day": day!, "due-month": month!, "due-year": year! };
};
const subjectsTo = (email: string) => smtp.messages.filter((m) => m.to[0] === email).map((m) => m.parsed.subject);

describe("an action owned by an agency", () => {
  it("tells the agency's supervisors and officer in the case when given and, once per due date, when overdue", async () => {
    const ref = acceptedClinicReferral(t, {
      caseId: caseIdOf(WORKED_CASE_REFERENCE),
      referrerEmail: POLICE,
      coordinatorEmail: CLINIC,
    });
    const id = clinicMeeting(t, {
      coordinatorEmail: CLINIC,
      chairEmail: POLICE,
      members: [ADVOCATE, PROBATION].map((e) => t.userId(e)),
      title: "Agency actions",
    });
    addAgendaItems(t.actorFor(CLINIC), id, [`clinic_referral:${ref}`]);
    for (const email of [POLICE, ADVOCATE, PROBATION]) acknowledgeConfidentiality(t.actorFor(email), id);
    openMeeting(t.actorFor(POLICE), id);
    const itemId = meetingView(t.actorFor(POLICE), id, { papers: false }).items[0]!.id;
    await drainOutbox(transport);
    await smtp.waitFor(3); // the invitations
    smtp.messages.length = 0;
    // Given by the advocate (not the chair), so the officer in the case is told too.
    const added = addAction(t.actorFor(ADVOCATE), id, itemId, {
      text: "Apply for a stalking protection order",
      owner: `agency:${t.actorFor(POLICE).agencyId}`,
      ...due(inDays(5)),
    });
    if (!added.ok) throw new Error("action not recorded");
    await drainOutbox(transport);
    await smtp.waitFor(2);
    expect(subjectsTo(POLICE_SUPERVISOR)).toEqual(["Concord: a meeting action is assigned to you"]);
    expect(subjectsTo(POLICE)).toEqual(["Concord: a meeting action is assigned to you"]);
    expect(subjectsTo(SPOC)).toEqual([]);
    smtp.messages.length = 0;

    // A week later it is overdue: the same two are told, with a link to the action's own page; nobody else.
    const later = new Date(Date.now() + 7 * DAY);
    expect(sendDueReminders(later).overdueActions).toBe(1);
    await runOutboxBatch(transport, outboxSettings(), later);
    const overdue = await smtp.waitFor(2);
    expect(overdue.map((m) => m.to[0]).sort()).toEqual([POLICE, POLICE_SUPERVISOR].sort());
    for (const m of overdue) {
      expect(m.parsed.subject).toBe("Concord: a meeting action is overdue");
      expect(m.parsed.text).toContain(`/meetings/${id}/actions/${added.row.id}`);
      expect(m.parsed.text).not.toMatch(/stalking protection order|NS-20/i);
    }
    // Found again by the next sweep: nobody is told twice.
    expect(sendDueReminders(later).overdueActions).toBe(0);
    await runOutboxBatch(transport, outboxSettings(), later);
    expect(smtp.messages).toHaveLength(2);

    // A new due date that passes too is told once more.
    expect(
      editAction(t.actorFor(POLICE), id, added.row.id, {
        text: "Apply for a stalking protection order",
        ...due(inDays(9)),
      }),
    ).toEqual({ ok: true });
    expect(sendDueReminders(later).overdueActions).toBe(0);
    const later2 = new Date(Date.now() + 12 * DAY);
    expect(sendDueReminders(later2).overdueActions).toBe(1);
    await runOutboxBatch(transport, outboxSettings(), later2);
    await smtp.waitFor(4);
    expect(smtp.messages).toHaveLength(4);
  });
});

describe("a cancelled meeting", () => {
  it("is shown as cancelled, leaves the today list, is withdrawn from a waiting daily summary and downloads as CANCELLED", async () => {
    // The probation practitioner takes invitations in a daily summary.
    const prefs = myEmailPreferences(t.actorFor(PROBATION));
    const form = {
      digestTime: "08:00",
      ...Object.fromEntries(prefs.kinds.filter((k) => !k.required).map((k) => [`mode-${k.kind}`, k.mode])),
      "mode-meeting_invitation": "digest",
      "mode-meeting_cancelled": "digest",
    };
    expect(saveMyEmailPreferences(t.actorFor(PROBATION), form)).toEqual({ ok: true });
    const id = clinicMeeting(t, {
      coordinatorEmail: CLINIC,
      chairEmail: POLICE,
      members: [ADVOCATE, PROBATION].map((e) => t.userId(e)),
      title: "To be cancelled",
    });
    const today = (email: string) => myWork(t.actorFor(email)).today.map((e) => e.key);
    expect(today(ADVOCATE)).toContain(`reply-${id}`);
    await drainOutbox(transport);
    await smtp.waitFor(2); // the chair and the advocate, straight away
    smtp.messages.length = 0;

    expect(cancelMeeting(t.actorFor(CLINIC), id)).toEqual({ ok: true });
    expect(listMeetings(t.actorFor(ADVOCATE)).find((m) => m.id === id)).toMatchObject({
      status: "cancelled",
      statusLabel: "Cancelled",
    });
    expect(today(ADVOCATE)).not.toContain(`reply-${id}`);
    expect(today(POLICE).some((k) => k.endsWith(id))).toBe(false);

    // The practitioner's summary carries the cancellation, not an invitation to a meeting that will not happen.
    const waiting = getDb()
      .$client.prepare("SELECT kind, status FROM email_outbox WHERE user_id = ? AND link LIKE ? ORDER BY created_at")
      .all(t.userId(PROBATION), `%/meetings/${id}%`);
    expect(waiting).toEqual([
      { kind: "meeting_invitation", status: "off" },
      { kind: "meeting_cancelled", status: "digest" },
    ]);
    await runOutboxBatch(transport, outboxSettings(), new Date(Date.now() + 2 * DAY));
    const [summary] = (await smtp.waitFor(3)).filter((m) => m.to[0] === PROBATION);
    expect(summary!.parsed.text).toContain("Cancelled meetings (1)");
    expect(summary!.parsed.text).not.toContain("Meeting invitations");
    expect(summary!.parsed.text).not.toContain(`/meetings/${id}/invitation`);

    // Downloaded from the meeting page after cancelling: the same UID, marked cancelled.
    const file = meetingCalendar(t.actorFor(ADVOCATE), id, "https://concord.example.test");
    const cal = new ICAL.Component(ICAL.parse(file.body));
    const event = cal.getFirstSubcomponent("vevent")!;
    expect(event.getFirstPropertyValue("uid")).toBe(`${id}@concord`);
    expect(event.getFirstPropertyValue("status")).toBe("CANCELLED");
    expect(String(event.getFirstPropertyValue("description"))).toMatch(/has been cancelled/);
  });
});

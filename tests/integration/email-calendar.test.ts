// Meeting invitations by email carry an iCalendar file (issue 19): METHOD:REQUEST with the meeting's stable UID,
// SEQUENCE raised on each change, and METHOD:CANCEL with the same UID when the meeting is cancelled. Sent through a
// real local SMTP server, parsed with mailparser and then ical.js (the parser Thunderbird uses).
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { cancelMeeting, rescheduleMeeting } from "~/services/meeting-invitations.server";
import { createMeeting } from "~/services/meetings.server";
import type { MailTransport } from "~/services/mail-transports.server";
import { drainOutbox } from "~/services/outbox-sender.server";
import type { ReceivedMail, SmtpTestServer } from "../smtp-test-server";
import { mailSuite, MAIL_BASE } from "./email-fixtures";
import { statusOf, type TestDb } from "./test-db";

const CLINIC = "clinic@partnership.concord.test";
const POLICE = "investigator@police.concord.test";
const ADVOCATE = "advocate@isac.concord.test";
const PROBATION = "practitioner@probation.concord.test";
const BASE = MAIL_BASE;

let t: TestDb;
let smtp: SmtpTestServer;
let transport: MailTransport;

mailSuite({ seed: true }, (bed) => ({ t, smtp, transport } = bed));

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const date = (iso: string) => {
  const [year, month, day] = iso.split("-");
  return { "date-day": day!, "date-month": month!, "date-year": year! };
};

function meeting(): string {
  const result = createMeeting(t.actorFor(CLINIC), {
    kind: "clinic_review",
    title: "Review of NS-2026-00001 for Kieran Voss",
    ...date(inDays(5)),
    time: "10:00",
    place: "Room 4, Northshire House",
    chair: t.userId(POLICE),
    invitees: [t.userId(ADVOCATE), t.userId(PROBATION)],
  });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.id;
}

/** The calendar part of a message, parsed: its METHOD and its one event. */
function calendarOf(mail: ReceivedMail) {
  const part = mail.parsed.attachments.find((a) => a.contentType.startsWith("text/calendar"));
  expect(part, "a text/calendar part").toBeDefined();
  const text = part!.content.toString("utf8");
  const cal = new ICAL.Component(ICAL.parse(text));
  const event = new ICAL.Event(cal.getFirstSubcomponent("vevent")!);
  return {
    text,
    method: cal.getFirstPropertyValue("method"),
    uid: event.uid,
    sequence: event.sequence,
    summary: event.summary,
    location: event.location,
    start: event.startDate.toJSDate(),
    attendee: String(event.attendees[0]?.getFirstValue() ?? ""),
  };
}

async function sendAll(n: number): Promise<ReceivedMail[]> {
  await drainOutbox(transport);
  return smtp.waitFor(n);
}

describe("meeting invitations by email", () => {
  it("each invitee gets one invitation with a REQUEST calendar file: stable UID, kind of meeting, place, their own address, nothing of the case", async () => {
    const id = meeting();
    const mails = await sendAll(3);
    expect(mails.map((m) => m.to[0]).sort()).toEqual([ADVOCATE, POLICE, PROBATION].sort());
    for (const mail of mails) {
      expect(mail.parsed.subject).toBe("Concord: you are invited to a meeting");
      expect(mail.parsed.text).toContain(`${BASE}/meetings/${id}/invitation`);
      const ics = calendarOf(mail);
      expect(ics).toMatchObject({
        method: "REQUEST",
        uid: `${id}@concord`,
        sequence: 0,
        summary: "Stalking clinic",
        location: "Room 4, Northshire House",
        attendee: `mailto:${mail.to[0]}`,
      });
      for (const text of [mail.parsed.subject ?? "", mail.parsed.text ?? "", ics.text])
        expect(text).not.toMatch(/NS-2026|Kieran|Voss|Review of/);
    }
  });

  it("a change sends REQUEST with the same UID and a higher SEQUENCE; a cancellation sends CANCEL with the same UID", async () => {
    const id = meeting();
    await sendAll(3);
    smtp.messages.length = 0;

    const moved = rescheduleMeeting(t.actorFor(CLINIC), id, {
      ...date(inDays(6)),
      time: "14:30",
      place: "Room 5",
      videoLink: "",
    });
    expect(moved).toEqual({ ok: true });
    const changes = await sendAll(3);
    for (const mail of changes) {
      expect(mail.parsed.subject).toBe("Concord: a meeting you are invited to has changed");
      expect(calendarOf(mail)).toMatchObject({
        method: "REQUEST",
        uid: `${id}@concord`,
        sequence: 1,
        location: "Room 5",
      });
    }
    smtp.messages.length = 0;

    // Only the coordinator or chair may cancel; anyone else is refused and nothing is sent.
    expect(statusOf(() => cancelMeeting(t.actorFor(ADVOCATE), id))).toBe(403);
    expect(cancelMeeting(t.actorFor(CLINIC), id)).toEqual({ ok: true });
    const cancels = await sendAll(3);
    expect(cancels.map((m) => m.to[0]).sort()).toEqual([ADVOCATE, POLICE, PROBATION].sort());
    for (const mail of cancels) {
      expect(mail.parsed.subject).toBe("Concord: a meeting you were invited to is cancelled");
      const ics = calendarOf(mail);
      expect(ics).toMatchObject({ method: "CANCEL", uid: `${id}@concord`, sequence: 2 });
      expect(ics.text).toContain("STATUS:CANCELLED");
    }
    // A cancelled meeting cannot be cancelled or changed again.
    expect(statusOf(() => cancelMeeting(t.actorFor(CLINIC), id))).toBe(403);
  });
});

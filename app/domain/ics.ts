/*
 * A meeting as an iCalendar file (RFC 5545) for the invitee's calendar (issue 15). Pure: the caller passes the
 * clock. Times are written in UTC ("Z"), which every calendar program converts to the reader's zone, so no
 * VTIMEZONE block is needed. Only what a calendar needs is written: the kind of meeting, when, where, and a link
 * back to Concord. Never a title (coordinators may type a name into it), an agenda or anything of a case: a
 * calendar entry is synchronised to phones and shared calendars beyond Concord's control.
 */

export type CalendarEvent = {
  /** Stable across changes, so a changed meeting replaces the entry instead of adding a second one. */
  uid: string;
  /** Bumped on each change of date, time or place. */
  sequence: number;
  start: Date;
  end: Date;
  summary: string;
  location: string | null;
  url: string;
  description: string;
  stamp: Date;
  /**
   * PUBLISH for a file downloaded from the invitation page; REQUEST for the one emailed with an invitation or change
   * (a calendar program adds or replaces the entry by UID and SEQUENCE); CANCEL when the meeting is cancelled (the
   * same UID removes the entry). REQUEST and CANCEL name the organiser (Concord's own no-reply address) and the
   * attendee (the recipient's own address), as RFC 5546 asks.
   */
  method?: "PUBLISH" | "REQUEST" | "CANCEL";
  organizer?: string;
  attendee?: string;
  /** The meeting is cancelled: a downloaded (PUBLISH) file says so too, so an import marks the entry cancelled. */
  cancelled?: boolean;
};

/** 20261207T140000Z */
export function icsUtc(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

/** TEXT values escape backslash, semicolon, comma and newlines (RFC 5545 3.3.11). */
export function icsText(value: string): string {
  return value
    .replace(/\r\n?/g, "\n")
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\n/g, "\\n");
}

/** Lines longer than 75 octets are folded: CRLF then one space (RFC 5545 3.1), never inside a UTF-8 sequence. */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = "";
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, "utf8");
    const limit = out.length === 0 ? 75 : 74; // continuation lines start with the space
    if (octets + size > limit) {
      out.push(current);
      current = "";
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join("\r\n ");
}

export function calendarFile(e: CalendarEvent): string {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Concord//Meetings//EN",
    "CALSCALE:GREGORIAN",
    `METHOD:${e.method ?? "PUBLISH"}`,
    "BEGIN:VEVENT",
    `UID:${e.uid}`,
    `SEQUENCE:${e.sequence}`,
    ...(e.method === "CANCEL" || e.cancelled
      ? ["STATUS:CANCELLED"]
      : e.method === "REQUEST"
        ? ["STATUS:CONFIRMED"]
        : []),
    ...(e.organizer ? [`ORGANIZER;CN=Concord:mailto:${e.organizer}`] : []),
    ...(e.attendee ? [`ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:${e.attendee}`] : []),
    `DTSTAMP:${icsUtc(e.stamp)}`,
    `DTSTART:${icsUtc(e.start)}`,
    `DTEND:${icsUtc(e.end)}`,
    `SUMMARY:${icsText(e.summary)}`,
    ...(e.location ? [`LOCATION:${icsText(e.location)}`] : []),
    `DESCRIPTION:${icsText(e.description)}`,
    `URL:${e.url}`,
    "CLASS:CONFIDENTIAL",
    "END:VEVENT",
    "END:VCALENDAR",
  ];
  return lines.map(foldLine).join("\r\n") + "\r\n";
}

/** Our UIDs are "<meeting id>@concord": the meeting a calendar file is about, or null for anything else. */
export function meetingIdOfCalendar(calendar: string): string | null {
  return /^UID:([\w-]{1,64})@concord\r?$/m.exec(calendar)?.[1] ?? null;
}

/** Where a meeting's calendar file is downloaded in Concord (behind sign-in): the link for mail that cannot attach it. */
export function calendarDownloadPath(meetingId: string): string {
  return `/meetings/${meetingId}/invitation.ics`;
}

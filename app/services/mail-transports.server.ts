import nodemailer from "nodemailer";
import { NotifyClient } from "notifications-node-client";
import type { EmailKind } from "~/domain/email-content";
import type { MailConfig } from "~/mail-config.server";

/*
 * The ways an email leaves the outbox (decision 0042), chosen by MAIL_TRANSPORT. Each says whether a failure is
 * permanent (the address refused: recorded, and further mail to it held) or worth trying again later.
 */

export type OutgoingEmail = {
  to: string;
  kind: EmailKind | "digest";
  subject: string;
  body: string;
  link: string;
  /** iCalendar text (METHOD:REQUEST or CANCEL inside), or null. */
  calendar: string | null;
  /** Stable per outbox row: the Message-ID for SMTP, the reference for Notify, so a repeat can be recognised. */
  reference: string;
};

export type SendOutcome = { ok: true } | { ok: false; permanent: boolean; addressProblem: boolean; reason: string };

export type MailTransport = {
  name: MailConfig["transport"];
  send(email: OutgoingEmail): Promise<SendOutcome>;
  /** Checks the connection and its TLS at start-up (throws with a reason). */
  verify(): Promise<void>;
  close(): void;
};

/** Mail that never leaves the machine: the outbox row, marked sent, is the message (the system administrator's outbox page). */
export function embeddedTransport(): MailTransport {
  return { name: "embedded", send: async () => ({ ok: true }), verify: async () => undefined, close: () => undefined };
}

function calendarMethod(calendar: string): string {
  return /^METHOD:(\w+)/m.exec(calendar)?.[1]?.toUpperCase() ?? "PUBLISH";
}

type SmtpError = Error & { responseCode?: number; code?: string; command?: string };

/** SMTP over TLS only: TLS from the start (SMTP_SECURE=1) or STARTTLS required (a server that does not offer it is refused). */
export function smtpTransport(config: MailConfig): MailTransport {
  const smtp = config.smtp!;
  const transporter = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    requireTLS: !smtp.secure,
    auth: smtp.user ? { user: smtp.user, pass: smtp.password } : undefined,
    tls: { minVersion: "TLSv1.2", rejectUnauthorized: true, ...(smtp.ca ? { ca: [smtp.ca] } : {}) },
    // Bounded, so a hung server never holds a row past its lease.
    connectionTimeout: 20_000,
    greetingTimeout: 20_000,
    socketTimeout: 60_000,
    pool: true,
    maxConnections: 2,
  });
  const domain = new URL(`mailto:${config.from}`).pathname.split("@")[1] ?? "concord.invalid";
  return {
    name: "smtp",
    async send(email) {
      try {
        await transporter.sendMail({
          from: { name: "Concord", address: config.from },
          to: email.to,
          subject: email.subject,
          text: email.body,
          messageId: `<${email.reference}@${domain}>`,
          ...(email.calendar ? { icalEvent: { filename: "meeting.ics", method: calendarMethod(email.calendar), content: email.calendar } } : {}),
        });
        return { ok: true };
      } catch (error) {
        const e = error as SmtpError;
        const code = typeof e.responseCode === "number" ? e.responseCode : null;
        // A 5xx to the message itself (sender, recipient, content) is a permanent refusal, and one to RCPT is about
        // this address. Anything else (4xx, a dropped connection, a server refusing TLS or our sign-in) is about the
        // server or our settings: tried again, so nothing is lost while someone puts it right.
        const permanent = code !== null && code >= 500 && code < 600 && ["MAIL FROM", "RCPT TO", "DATA"].includes(e.command ?? "");
        return { ok: false, permanent, addressProblem: permanent && e.command === "RCPT TO", reason: code ? `SMTP ${code}${e.command ? ` at ${e.command}` : ""}` : `SMTP ${e.code ?? "connection failed"}` };
      }
    },
    async verify() {
      await transporter.verify();
    },
    close() {
      transporter.close();
    },
  };
}

type NotifyError = { response?: { status?: number; data?: { errors?: { error?: string; message?: string }[] } }; code?: string };

/** GOV.UK Notify through its official client, one template per kind (its subject and body are personalisation fields). */
export function notifyTransport(config: MailConfig): MailTransport {
  const n = config.notify!;
  const client = n.baseUrl ? new NotifyClient(n.baseUrl, n.apiKey) : new NotifyClient(n.apiKey);
  return {
    name: "notify",
    async send(email) {
      try {
        await client.sendEmail(n.templates[email.kind], email.to, {
          // Notify cannot attach a calendar file to an email: the invitation's page offers it (the link).
          personalisation: { subject: email.subject, body: email.body, link: email.link },
          reference: email.reference,
        });
        return { ok: true };
      } catch (error) {
        const e = error as NotifyError;
        const status = e.response?.status ?? null;
        const first = e.response?.data?.errors?.[0];
        // 400 is a request Notify will never accept as it is; one about email_address is the address's fault.
        const permanent = status === 400 || status === 403;
        const addressProblem = status === 400 && /email_address/i.test(first?.message ?? "");
        return { ok: false, permanent, addressProblem, reason: status ? `Notify ${status}${first?.error ? ` ${first.error}` : ""}` : `Notify ${e.code ?? "unreachable"}` };
      }
    },
    async verify() {
      // Notify has no cheap check that sends nothing; the key's shape was checked with the configuration.
    },
    close() {},
  };
}

export function transportFor(config: MailConfig): MailTransport {
  if (config.transport === "smtp") return smtpTransport(config);
  if (config.transport === "notify") return notifyTransport(config);
  return embeddedTransport();
}

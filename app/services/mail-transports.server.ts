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
  /** Where the calendar file can be downloaded in Concord (meeting emails), for transports that cannot attach it. */
  calendarLink?: string | null;
};

/** `providerId`: the provider's id for a message it accepted but delivers later (Notify), to ask after delivery. */
export type SendOutcome =
  { ok: true; providerId?: string } | { ok: false; permanent: boolean; addressProblem: boolean; reason: string };

/**
 * What a provider that delivers after accepting (GOV.UK Notify) says of one message: still on its way, delivered,
 * refused for good by the recipient's server (a bounce), failed for now (inbox full, a spam filter) or failed on the
 * provider's side; `unknown` when the provider no longer knows it (Notify keeps a message's status for 7 days).
 */
export type DeliveryReport = {
  state: "pending" | "delivered" | "permanent" | "temporary" | "technical" | "unknown";
  status: string;
};

export type MailTransport = {
  name: MailConfig["transport"];
  send(email: OutgoingEmail): Promise<SendOutcome>;
  /** Checks the connection and its TLS at start-up (throws with a reason). */
  verify(): Promise<void>;
  /** Only for providers that deliver after accepting (Notify): what became of a message. Throws when unreachable. */
  deliveryOf?(providerId: string): Promise<DeliveryReport>;
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
          ...(email.calendar
            ? {
                icalEvent: { filename: "meeting.ics", method: calendarMethod(email.calendar), content: email.calendar },
              }
            : {}),
        });
        return { ok: true };
      } catch (error) {
        const e = error as SmtpError;
        const code = typeof e.responseCode === "number" ? e.responseCode : null;
        // A 5xx to the message itself (sender, recipient, content) is a permanent refusal, and one to RCPT is about
        // this address. Anything else (4xx, a dropped connection, a server refusing TLS or our sign-in) is about the
        // server or our settings: tried again, so nothing is lost while someone puts it right.
        const permanent =
          code !== null && code >= 500 && code < 600 && ["MAIL FROM", "RCPT TO", "DATA"].includes(e.command ?? "");
        return {
          ok: false,
          permanent,
          addressProblem: permanent && e.command === "RCPT TO",
          reason: code ? `SMTP ${code}${e.command ? ` at ${e.command}` : ""}` : `SMTP ${e.code ?? "connection failed"}`,
        };
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

type NotifyError = {
  response?: { status?: number; data?: { errors?: { error?: string; message?: string }[] } };
  code?: string;
};

/** Notify's email statuses (its API documentation), as the outbox acts on them. */
const NOTIFY_STATES: Record<string, DeliveryReport["state"]> = {
  created: "pending",
  sending: "pending",
  pending: "pending",
  delivered: "delivered",
  "permanent-failure": "permanent",
  "temporary-failure": "temporary",
  "technical-failure": "technical",
};

/** GOV.UK Notify through its official client, one template per kind (its subject and body are personalisation fields). */
export function notifyTransport(config: MailConfig): MailTransport {
  const n = config.notify!;
  const client = n.baseUrl ? new NotifyClient(n.baseUrl, n.apiKey) : new NotifyClient(n.apiKey);
  return {
    name: "notify",
    async send(email) {
      try {
        const response = await client.sendEmail(n.templates[email.kind], email.to, {
          // Notify attaches no calendar file (its files by link are documents to download, and .ics is not a type it
          // accepts): `calendar_link` is the meeting's own calendar download in Concord, behind sign-in (decision 0048).
          personalisation: {
            subject: email.subject,
            body: email.body,
            link: email.link,
            calendar_link: email.calendarLink ?? "",
          },
          reference: email.reference,
        });
        const id = (response as { data?: { id?: unknown } } | undefined)?.data?.id;
        return typeof id === "string" && id ? { ok: true, providerId: id } : { ok: true };
      } catch (error) {
        const e = error as NotifyError;
        const status = e.response?.status ?? null;
        const first = e.response?.data?.errors?.[0];
        // 400 is a request Notify will never accept as it is; one about email_address is the address's fault.
        const permanent = status === 400 || status === 403;
        const addressProblem = status === 400 && /email_address/i.test(first?.message ?? "");
        return {
          ok: false,
          permanent,
          addressProblem,
          reason: status
            ? `Notify ${status}${first?.error ? ` ${first.error}` : ""}`
            : `Notify ${e.code ?? "unreachable"}`,
        };
      }
    },
    async verify() {
      // Notify has no cheap check that sends nothing; the key's shape was checked with the configuration.
    },
    async deliveryOf(providerId) {
      try {
        const response = (await client.getNotificationById(providerId)) as { data?: { status?: unknown } };
        const status = typeof response.data?.status === "string" ? response.data.status : "";
        return { state: NOTIFY_STATES[status] ?? "pending", status: status.slice(0, 40) || "none" };
      } catch (error) {
        const e = error as NotifyError;
        // 404: Notify no longer holds it (older than its 7 days) or never did; nothing more will be learned.
        if (e.response?.status === 404) return { state: "unknown", status: "not found" };
        throw new Error(`Notify ${e.response?.status ?? e.code ?? "unreachable"}`);
      }
    },
    close() {},
  };
}

export function transportFor(config: MailConfig): MailTransport {
  if (config.transport === "smtp") return smtpTransport(config);
  if (config.transport === "notify") return notifyTransport(config);
  return embeddedTransport();
}

import fs from "node:fs";
import { z } from "zod";
import { EMAIL_KINDS, isEmailKind, type EmailKind } from "~/domain/email-content";

/*
 * How Concord sends email (issue 19, decision 0042), read from the environment and checked at start-up with the rest
 * of the configuration: a bad value stops the server with a message naming the variable, never echoing a secret.
 */

const flag = z
  .enum(["0", "1", "true", "false", ""])
  .optional()
  .transform((v) => v === "1" || v === "true");

const MailEnvSchema = z.object({
  MAIL_TRANSPORT: z
    .enum(["embedded", "smtp", "notify"], { errorMap: () => ({ message: "must be embedded, smtp or notify" }) })
    .default("embedded"),
  MAIL_FROM: z.string().trim().email("must be an email address").optional(),
  CONCORD_BASE_URL: z
    .string()
    .trim()
    .optional()
    .refine((v) => !v || /^https?:\/\/[^\s/]+(:\d+)?(\/[^\s]*)?$/.test(v), "must be an http:// or https:// address"),
  MAIL_POLL_SECONDS: z.coerce.number().int().min(1).max(3600).default(15),
  MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  MAIL_RETRY_BASE_SECONDS: z.coerce.number().min(0.01).max(3600).default(30),
  SMTP_HOST: z.string().trim().optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  // 1: TLS from the first byte (usually port 465). Otherwise STARTTLS is required: a server that does not offer it is refused.
  SMTP_SECURE: flag,
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  // A CA certificate (PEM) to trust for the SMTP server, beside the system's: a private relay with its own CA.
  SMTP_CA_FILE: z.string().optional(),
  NOTIFY_API_KEY: z.string().optional(),
  NOTIFY_BASE_URL: z.string().url("must be an address").optional(),
  // One template for every kind (its subject and body are ((subject)) and ((body))), optionally per kind: "kind=id,kind=id".
  NOTIFY_TEMPLATE_ID: z.string().uuid("must be a template id (a UUID)").optional(),
  NOTIFY_TEMPLATES: z.string().optional(),
});

export type MailConfig = {
  transport: "embedded" | "smtp" | "notify";
  from: string;
  /** Where links in emails point (CONCORD_BASE_URL). */
  baseUrl: string;
  pollMs: number;
  maxAttempts: number;
  retryBaseMs: number;
  smtp?: { host: string; port: number; secure: boolean; user?: string; password?: string; ca?: string };
  notify?: { apiKey: string; baseUrl?: string; templates: Record<EmailKind | "digest", string> };
};

/** NOTIFY_TEMPLATES: "kind=uuid,kind=uuid"; null with a reason when a part is not. */
export function parseNotifyTemplates(
  value: string | undefined,
): { ok: true; map: Partial<Record<EmailKind | "digest", string>> } | { ok: false; message: string } {
  const map: Partial<Record<EmailKind | "digest", string>> = {};
  for (const part of (value ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [kind, id] = part.split("=").map((s) => s.trim());
    if (!kind || !(isEmailKind(kind) || kind === "digest"))
      return { ok: false, message: `NOTIFY_TEMPLATES names an unknown kind "${(kind ?? "").slice(0, 40)}"` };
    if (!id || !z.string().uuid().safeParse(id).success)
      return { ok: false, message: `NOTIFY_TEMPLATES: the template for ${kind} must be a template id (a UUID)` };
    map[kind] = id;
  }
  return { ok: true, map };
}

/** Reads the mail settings; throws "Invalid configuration: ..." naming what is wrong. */
export function parseMailConfig(
  env: NodeJS.ProcessEnv,
  defaults: { port: number; production: boolean; demo: boolean },
): MailConfig {
  const parsed = MailEnvSchema.safeParse(env);
  if (!parsed.success)
    throw new Error(
      `Invalid configuration: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  const e = parsed.data;
  const fail = (message: string): never => {
    throw new Error(`Invalid configuration: ${message}`);
  };
  if (e.MAIL_TRANSPORT !== "embedded" && !e.MAIL_FROM)
    fail(`MAIL_FROM is required when MAIL_TRANSPORT is ${e.MAIL_TRANSPORT}`);
  // Mail that leaves the machine links to the real address; the embedded outbox keeps it in Concord.
  const leaves = e.MAIL_TRANSPORT !== "embedded";
  if (leaves && defaults.production && !e.CONCORD_BASE_URL)
    fail(
      `CONCORD_BASE_URL is required in production when MAIL_TRANSPORT is ${e.MAIL_TRANSPORT}: links in emails point there`,
    );
  if (leaves && defaults.production && !e.CONCORD_BASE_URL!.startsWith("https://"))
    fail("CONCORD_BASE_URL must be an https:// address in production");
  const config: MailConfig = {
    transport: e.MAIL_TRANSPORT,
    from: e.MAIL_FROM ?? "concord@localhost",
    baseUrl: e.CONCORD_BASE_URL ?? `http://localhost:${defaults.port}`,
    pollMs: e.MAIL_POLL_SECONDS * 1000,
    maxAttempts: e.MAIL_MAX_ATTEMPTS,
    retryBaseMs: Math.round(e.MAIL_RETRY_BASE_SECONDS * 1000),
  };
  if (e.MAIL_TRANSPORT === "smtp") {
    if (!e.SMTP_HOST) fail("SMTP_HOST is required when MAIL_TRANSPORT is smtp");
    if (Boolean(e.SMTP_USER) !== Boolean(e.SMTP_PASSWORD)) fail("SMTP_USER and SMTP_PASSWORD go together");
    let ca: string | undefined;
    if (e.SMTP_CA_FILE) {
      try {
        ca = fs.readFileSync(e.SMTP_CA_FILE, "utf8");
      } catch {
        fail("SMTP_CA_FILE cannot be read");
      }
      if (!ca!.includes("BEGIN CERTIFICATE")) fail("SMTP_CA_FILE must hold a PEM certificate");
    }
    config.smtp = {
      host: e.SMTP_HOST!,
      port: e.SMTP_PORT ?? (e.SMTP_SECURE ? 465 : 587),
      secure: e.SMTP_SECURE,
      user: e.SMTP_USER,
      password: e.SMTP_PASSWORD,
      ca,
    };
  }
  if (e.MAIL_TRANSPORT === "notify") {
    if (!e.NOTIFY_API_KEY || e.NOTIFY_API_KEY.length < 74)
      fail(
        "NOTIFY_API_KEY is required when MAIL_TRANSPORT is notify (the key GOV.UK Notify gives, 74 characters or more)",
      );
    const perKind = parseNotifyTemplates(e.NOTIFY_TEMPLATES);
    if (!perKind.ok) fail(perKind.message);
    const map = (perKind as { map: Partial<Record<EmailKind | "digest", string>> }).map;
    const templates = {} as Record<EmailKind | "digest", string>;
    for (const kind of [...EMAIL_KINDS, "digest" as const]) {
      const id = map[kind] ?? e.NOTIFY_TEMPLATE_ID;
      if (!id)
        fail(
          `NOTIFY_TEMPLATE_ID (or a template for ${kind} in NOTIFY_TEMPLATES) is required when MAIL_TRANSPORT is notify`,
        );
      templates[kind] = id!;
    }
    config.notify = { apiKey: e.NOTIFY_API_KEY!, baseUrl: e.NOTIFY_BASE_URL, templates };
  }
  return config;
}

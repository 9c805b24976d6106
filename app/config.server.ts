import { z } from "zod";
import type { KeyObject } from "node:crypto";
import path from "node:path";
import os from "node:os";
import { parseReviewIntervals } from "~/domain/risk-review";
import { parseMailConfig, type MailConfig } from "~/mail-config.server";
import { parseSecretKey, secretKeyFromEnv } from "~/services/secret-box.server";

const flag = z
  .enum(["0", "1", "true", "false", ""])
  .optional()
  .transform((v) => v === "1" || v === "true");

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    HOST: z.string().default("0.0.0.0"),
    DATABASE_PATH: z.string().min(1).default("./data/concord.db"),
    CONCORD_DEMO: flag,
    TRUST_PROXY: flag,
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    // Rate limit for sign-in attempts from one address, per 15 minutes.
    LOGIN_IP_LIMIT: z.coerce.number().int().min(1).default(30),
    // Risk review intervals by level, e.g. "high=28d,medium=3m,standard=6m" (app/domain/risk-review.ts).
    RISK_REVIEW_INTERVALS: z
      .string()
      .optional()
      .superRefine((v, ctx) => {
        const parsed = parseReviewIntervals(v);
        if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.message });
      }),
    // Key that encrypts TOTP secrets at rest (decision 0021); checked below, never echoed.
    CONCORD_SECRET_KEY: z.string().optional(),
    // Keys used before CONCORD_SECRET_KEY was changed, comma-separated: only to verify older audit entries and
    // checkpoints (decision 0026). Never used to write.
    AUDIT_PREVIOUS_KEYS: z.string().optional(),
    // Signed audit checkpoints outside the database (decision 0026): the file, and how often.
    AUDIT_CHECKPOINT_PATH: z.string().min(1).optional(),
    DISPOSAL_LOG_PATH: z.string().min(1).optional(),
    AUDIT_CHECKPOINT_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
    // Scheduled backups (docs/operations.md): 0 turns them off. Default: daily in production, off otherwise.
    BACKUP_INTERVAL_MINUTES: z.coerce.number().int().min(0).max(525_600).optional(),
    BACKUP_DIR: z.string().min(1).optional(),
    BACKUP_KEEP: z.coerce.number().int().min(1).max(10_000).default(14),
    // Worker processes serving pages and sockets (decision 0022); unset: one per core (one in tests).
    WORKERS: z.coerce.number().int().min(1).max(64).optional(),
    // socket.io across several server processes or machines through Redis; never logged (it may hold a password).
    REDIS_URL: z
      .string()
      .optional()
      .transform((v) => v || undefined)
      .refine((v) => v === undefined || /^rediss?:\/\/[^\s]+$/.test(v), "must be a redis:// or rediss:// address"),
    // Uploaded files (decision 0047): a directory (default: files/ beside the database) or an S3-compatible bucket.
    FILES_STORE: z.enum(["directory", "s3"]).default("directory"),
    FILES_PATH: z.string().min(1).optional(),
    FILES_S3_BUCKET: z.string().min(1).optional(),
    FILES_S3_PREFIX: z.string().default(""),
    FILES_S3_ENDPOINT: z.string().url().optional(),
    FILES_S3_REGION: z.string().min(1).default("us-east-1"),
    FILES_S3_FORCE_PATH_STYLE: flag,
    // Upload limits (decision 0052): bytes per file, files per upload.
    FILES_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(2 * 1024 ** 3)
      .default(20 * 1024 * 1024),
    FILES_MAX_PER_UPLOAD: z.coerce.number().int().min(1).max(50).default(10),
    // ClamAV's daemon: a Unix socket path or host:port; unset, files are stored "not scanned".
    CLAMD_SOCKET: z
      .string()
      .optional()
      .transform((v) => v || undefined)
      .refine(
        (v) => v === undefined || v.startsWith("/") || /^\[?[^\]\s]+\]?:\d{1,5}$/.test(v),
        "must be a socket path or host:port",
      ),
    CLAMD_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(120),
  })
  .refine((e) => e.FILES_STORE !== "s3" || e.FILES_S3_BUCKET, {
    message: "FILES_S3_BUCKET must be set when FILES_STORE=s3",
    path: ["FILES_S3_BUCKET"],
  });

export type Config = {
  env: "development" | "production" | "test";
  port: number;
  host: string;
  databasePath: string;
  demo: boolean;
  trustProxy: boolean;
  secureCookies: boolean;
  logLevel: z.infer<typeof EnvSchema>["LOG_LEVEL"];
  loginIpLimit: number;
  /** Encrypts TOTP secrets at rest. A KeyObject, so logging the config never shows it. */
  secretKey: KeyObject;
  secretKeySource: "environment" | "development";
  /** AUDIT_PREVIOUS_KEYS: only for verifying audit entries and checkpoints signed before a key change. */
  previousSecretKeys: KeyObject[];
  /** The append-only file of signed audit checkpoints (default: beside the database). */
  auditCheckpointPath: string;
  /** The signed log of retention disposals, outside the database, replayed after a restore (decision 0057). */
  disposalLogPath: string;
  auditCheckpointIntervalMs: number;
  /** Scheduled backups: every backupIntervalMs (0: off) into backupDir, keeping the newest backupKeep. */
  backupIntervalMs: number;
  backupDir: string;
  backupKeep: number;
  /** How many worker processes serve pages and sockets; 1 means the one process does it all. */
  workers: number;
  /** Redis for socket.io across processes and machines (REDIS_URL); unset, workers on one machine use IPC. */
  redisUrl: string | undefined;
  /** Email: how it is sent, where its links point, retries (app/mail-config.server.ts, decision 0042). */
  mail: MailConfig;
  /** Uploaded files: where they are kept (app/files, decision 0047). */
  files: FilesConfig;
};

export type FilesConfig = {
  /** Sealed files (directory store) and staged uploads (both stores). */
  path: string;
  maxBytes: number;
  maxPerUpload: number;
  /** ClamAV's daemon (CLAMD_SOCKET); undefined: no scanner, files are shown as not scanned. */
  clamd: { address: string; timeoutMs: number } | undefined;
  store:
    | { kind: "directory" }
    | { kind: "s3"; bucket: string; prefix: string; endpoint?: string; region: string; forcePathStyle: boolean };
};

/** Where uploaded files go unless FILES_PATH says otherwise: `files/` beside the database. */
export function defaultFilesPath(databasePath: string): string {
  return path.join(path.dirname(databasePath), "files");
}

/** Where the checkpoints of a database go unless AUDIT_CHECKPOINT_PATH says otherwise: a file beside it. */
export function defaultCheckpointPath(databasePath: string): string {
  return `${databasePath}.audit-checkpoints`;
}

/** Where backups of a database go unless BACKUP_DIR says otherwise: `backups/` beside it. */
export function defaultBackupDir(databasePath: string): string {
  return path.join(path.dirname(databasePath), "backups");
}

/** AUDIT_PREVIOUS_KEYS: each in the CONCORD_SECRET_KEY format; null when one is not. */
export function parsePreviousKeys(value: string | undefined): KeyObject[] | null {
  const parts = (value ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  const keys = parts.map(parseSecretKey);
  return keys.every((k): k is KeyObject => k !== null) ? keys : null;
}

let cached: Config | undefined;

/** Reads and checks the environment once. A bad value stops start-up with a clear message. */
export function getConfig(): Config {
  if (cached) return cached;
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  const key = secretKeyFromEnv(e.CONCORD_SECRET_KEY, e.NODE_ENV);
  if (!key.ok) throw new Error(`Invalid configuration: CONCORD_SECRET_KEY ${key.message}`);
  const previousSecretKeys = parsePreviousKeys(e.AUDIT_PREVIOUS_KEYS);
  if (!previousSecretKeys)
    throw new Error(
      "Invalid configuration: AUDIT_PREVIOUS_KEYS must be keys in the CONCORD_SECRET_KEY format, separated by commas",
    );
  cached = {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databasePath: e.DATABASE_PATH,
    demo: e.CONCORD_DEMO,
    trustProxy: e.TRUST_PROXY,
    secureCookies: e.NODE_ENV === "production" || e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    loginIpLimit: e.LOGIN_IP_LIMIT,
    secretKey: key.key,
    secretKeySource: key.source,
    previousSecretKeys,
    auditCheckpointPath: e.AUDIT_CHECKPOINT_PATH ?? defaultCheckpointPath(e.DATABASE_PATH),
    disposalLogPath: e.DISPOSAL_LOG_PATH ?? `${e.DATABASE_PATH}.disposals`,
    auditCheckpointIntervalMs: e.AUDIT_CHECKPOINT_INTERVAL_SECONDS * 1000,
    backupIntervalMs:
      (e.BACKUP_INTERVAL_MINUTES ?? (e.NODE_ENV === "production" && !e.CONCORD_DEMO ? 1440 : 0)) * 60_000,
    backupDir: e.BACKUP_DIR ?? defaultBackupDir(e.DATABASE_PATH),
    backupKeep: e.BACKUP_KEEP,
    workers: e.WORKERS ?? (e.NODE_ENV === "test" ? 1 : os.availableParallelism()),
    redisUrl: e.REDIS_URL,
    mail: parseMailConfig(process.env, { port: e.PORT, production: e.NODE_ENV === "production", demo: e.CONCORD_DEMO }),
    files: {
      path: e.FILES_PATH ?? defaultFilesPath(e.DATABASE_PATH),
      maxBytes: e.FILES_MAX_BYTES,
      maxPerUpload: e.FILES_MAX_PER_UPLOAD,
      clamd: e.CLAMD_SOCKET ? { address: e.CLAMD_SOCKET, timeoutMs: e.CLAMD_TIMEOUT_SECONDS * 1000 } : undefined,
      store:
        e.FILES_STORE === "s3"
          ? {
              kind: "s3",
              bucket: e.FILES_S3_BUCKET!,
              prefix: e.FILES_S3_PREFIX,
              endpoint: e.FILES_S3_ENDPOINT,
              region: e.FILES_S3_REGION,
              forcePathStyle: e.FILES_S3_FORCE_PATH_STYLE || Boolean(e.FILES_S3_ENDPOINT),
            }
          : { kind: "directory" },
    },
  };
  return cached;
}

/** Tests change the environment between files; they call this to re-read it. */
export function resetConfigForTests(): void {
  cached = undefined;
}

import { z } from "zod";
import type { KeyObject } from "node:crypto";
import { parseReviewIntervals } from "~/domain/risk-review";
import { secretKeyFromEnv } from "~/services/secret-box.server";

const flag = z
  .enum(["0", "1", "true", "false", ""])
  .optional()
  .transform((v) => v === "1" || v === "true");

const EnvSchema = z.object({
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
};

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
  };
  return cached;
}

/** Tests change the environment between files; they call this to re-read it. */
export function resetConfigForTests(): void {
  cached = undefined;
}

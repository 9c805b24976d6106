import pino from "pino";

// Structured JSON logs. Never log personal data: no names, emails, addresses, free text or record content.
// Paths below are a safety net in case a caller passes an object carrying such fields.
export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  base: { service: "concord" },
  redact: {
    paths: ["email", "name", "password", "*.email", "*.name", "*.password", "req.headers.cookie", "headers.cookie"],
    censor: "[withheld]",
  },
});

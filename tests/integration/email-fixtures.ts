// Shared set-up for the email tests (issue 19): a real SMTP server on a loopback port (STARTTLS, a certificate made
// for the test), a real SQLite file with the demo accounts, the server's mail settings pointing at it, and the
// SMTP transport the sender uses. `mailSuite` registers it for a test file; or call `mailTestBed` in beforeAll and
// `close()` in afterAll.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { getConfig } from "~/config.server";
import { smtpTransport, type MailTransport } from "~/services/mail-transports.server";
import { startSmtpTestServer, type SmtpTestServer } from "../smtp-test-server";
import { setupTestDb, type TestDb, type TestDbOptions } from "./test-db";

export const MAIL_BASE = "https://concord.example.test";

export type MailTestBed = { t: TestDb; smtp: SmtpTestServer; transport: MailTransport; close: () => Promise<void> };

export async function mailTestBed(
  options: TestDbOptions & { env?: Record<string, string> } = { seed: true },
  seed?: (t: TestDb) => Promise<void>,
): Promise<MailTestBed> {
  const smtp = await startSmtpTestServer();
  const t = await setupTestDb(options);
  await seed?.(t);
  const caFile = path.join(t.dir, "smtp-ca.pem");
  fs.writeFileSync(caFile, smtp.certPem);
  t.setEnv({
    MAIL_TRANSPORT: "smtp",
    MAIL_FROM: "no-reply@concord.example.test",
    CONCORD_BASE_URL: MAIL_BASE,
    SMTP_HOST: "localhost",
    SMTP_PORT: String(smtp.port),
    SMTP_CA_FILE: caFile,
    ...options.env,
  });
  const transport = smtpTransport(getConfig().mail);
  return {
    t,
    smtp,
    transport,
    async close() {
      transport.close();
      await smtp.close();
      t.cleanup();
    },
  };
}

/**
 * A test file's mail test bed: made before its tests and handed to `use`, closed after them; each test starts with
 * no mail received and no address refused.
 */
export function mailSuite(options: Parameters<typeof mailTestBed>[0], use: (bed: MailTestBed) => void): void {
  let bed: MailTestBed;
  beforeAll(async () => {
    bed = await mailTestBed(options);
    use(bed);
  });
  afterAll(() => bed.close());
  beforeEach(() => {
    bed.smtp.messages.length = 0;
    bed.smtp.refuse.clear();
  });
}

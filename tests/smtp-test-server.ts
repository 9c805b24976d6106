// A real SMTP server for tests (issue 19): smtp-server on a loopback port with STARTTLS under a self-signed
// certificate made for the test, every message parsed with mailparser. Recipients listed in `refuse` are refused
// with 550 at RCPT (a permanent failure), so bounce handling meets a real SMTP refusal.
import { simpleParser, type ParsedMail } from "mailparser";
import type { AddressInfo } from "node:net";
import { generate } from "selfsigned";
import { SMTPServer } from "smtp-server";

export type ReceivedMail = { to: string[]; parsed: ParsedMail; raw: string; receivedAt: number };

export type SmtpTestServer = {
  port: number;
  /** The certificate to trust (SMTP_CA_FILE). */
  certPem: string;
  messages: ReceivedMail[];
  refuse: Set<string>;
  /** Resolves once at least `n` messages have arrived (rejects after `timeoutMs`). */
  waitFor(n: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
};

export async function startSmtpTestServer(): Promise<SmtpTestServer> {
  const pems = await generate([{ name: "commonName", value: "localhost" }], {
    keySize: 2048,
    extensions: [
      { name: "basicConstraints", cA: true },
      {
        name: "subjectAltName",
        altNames: [
          { type: 2, value: "localhost" },
          { type: 7, ip: "127.0.0.1" },
        ],
      },
    ],
  });
  const messages: ReceivedMail[] = [];
  const refuse = new Set<string>();
  const waiters: (() => void)[] = [];
  const server = new SMTPServer({
    key: pems.private,
    cert: pems.cert,
    authOptional: true,
    // The server never accepts a message over a connection that did not upgrade to TLS.
    hideSTARTTLS: false,
    logger: false,
    onRcptTo(address, session, callback) {
      if (!session.secure)
        return callback(Object.assign(new Error("Must issue a STARTTLS command first"), { responseCode: 530 }));
      if (refuse.has(address.address.toLowerCase()))
        return callback(Object.assign(new Error("No such user here"), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        simpleParser(raw)
          .then((parsed) => {
            messages.push({ to: session.envelope.rcptTo.map((r) => r.address), parsed, raw, receivedAt: Date.now() });
            waiters.splice(0).forEach((w) => w());
            callback();
          })
          .catch((error: Error) => callback(error));
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    certPem: pems.cert,
    messages,
    refuse,
    async waitFor(n, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < n) {
        if (Date.now() > deadline) throw new Error(`expected ${n} messages, ${messages.length} arrived`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
      return messages;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

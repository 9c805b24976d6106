// GOV.UK Notify (issue 19): the official client (notifications-node-client), pointed at an HTTP server this test
// starts on a loopback port, receives what the outbox sends: the template for the kind, the address, the
// content-free subject, body and link as personalisation, and the row as reference. A 400 about the address is a
// permanent failure recorded against it; a 500 is tried again.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getConfig } from "~/config.server";
import { getDb } from "~/db.server";
import { notifyTransport } from "~/services/mail-transports.server";
import { drainOutbox } from "~/services/outbox-sender.server";
import { addTask } from "~/services/tasks.server";
import { dateFields, londonDay, makeCase } from "./order-fixtures";
import { setupTestDb, type TestDb } from "./test-db";

const INVESTIGATOR = "investigator@police.concord.test";
const ADVOCATE = "advocate@isac.concord.test";
const PRACTITIONER = "practitioner@probation.concord.test";
const DEFAULT_TEMPLATE = "11111111-1111-4111-8111-111111111111";
const TASK_TEMPLATE = "22222222-2222-4222-8222-222222222222";
const API_KEY = `concord_test-${"aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"}-${"bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb"}`;

type Received = { path: string; auth: string; body: { template_id: string; email_address: string; personalisation: Record<string, string>; reference: string } };
const received: Received[] = [];
let answer: (r: Received) => [number, unknown] = () => [201, { id: "n1" }];
let server: http.Server;
let t: TestDb;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c: Buffer) => (raw += c.toString()));
    req.on("end", () => {
      const r = { path: req.url ?? "", auth: req.headers.authorization ?? "", body: JSON.parse(raw || "{}") as Received["body"] };
      received.push(r);
      const [status, body] = answer(r);
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  t = await setupTestDb({ seed: true });
  t.setEnv({ MAIL_TRANSPORT: "notify", MAIL_FROM: "no-reply@concord.example.test", CONCORD_BASE_URL: "https://concord.example.test", NOTIFY_API_KEY: API_KEY, NOTIFY_BASE_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, NOTIFY_TEMPLATE_ID: DEFAULT_TEMPLATE, NOTIFY_TEMPLATES: `task_assigned=${TASK_TEMPLATE}` });
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  t.cleanup();
});

describe("GOV.UK Notify", () => {
  it("sends each email through the real client with the kind's template and content-free personalisation", async () => {
    const c = makeCase(t, { team: [[INVESTIGATOR, "officer_in_case"], [ADVOCATE, "advocate"], [PRACTITIONER, "offender_manager"]] });
    expect(addTask(t.actorFor(INVESTIGATOR), c.id, { title: "Ring Zebedee", ownerUserId: t.userId(ADVOCATE), ...dateFields("dueOn", londonDay(5)) }).ok).toBe(true);
    const transport = notifyTransport(getConfig().mail);
    expect(await drainOutbox(transport)).toMatchObject({ sent: 1 });
    expect(received).toHaveLength(1);
    const [r] = received;
    expect(r!.path).toBe("/v2/notifications/email");
    expect(r!.auth).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    const row = getDb().$client.prepare("SELECT id FROM email_outbox WHERE user_id = ? AND status = 'sent'").get(t.userId(ADVOCATE)) as { id: string };
    expect(r!.body).toMatchObject({ template_id: TASK_TEMPLATE, email_address: ADVOCATE, reference: `concord-${row.id}` });
    expect(r!.body.personalisation).toMatchObject({ subject: "Concord: a task is assigned to you", link: `https://concord.example.test/cases/${c.id}/tasks` });
    expect(JSON.stringify(r!.body)).not.toMatch(/Zebedee|NS-20/);

    // A 500 is tried again later; a 400 about the address is permanent and recorded against it.
    answer = () => [500, { errors: [{ error: "Exception", message: "Internal server error" }] }];
    expect(addTask(t.actorFor(INVESTIGATOR), c.id, { title: "Second", ownerUserId: t.userId(PRACTITIONER), ...dateFields("dueOn", londonDay(5)) }).ok).toBe(true);
    expect(await drainOutbox(transport)).toMatchObject({ retried: 1 });
    answer = () => [400, { errors: [{ error: "ValidationError", message: "email_address Not a valid email address" }] }];
    getDb().$client.prepare("UPDATE email_outbox SET next_attempt_at = ? WHERE status = 'pending'").run(new Date(0).toISOString());
    expect(await drainOutbox(transport)).toMatchObject({ dead: 1 });
    expect(getDb().$client.prepare("SELECT address, reason FROM email_address_problems WHERE user_id = ?").get(t.userId(PRACTITIONER))).toEqual({ address: PRACTITIONER, reason: "Notify 400 ValidationError" });
  });

  it("refuses to start with a missing key or template, naming the setting", () => {
    t.setEnv({ NOTIFY_API_KEY: "short" });
    expect(() => getConfig()).toThrow(/NOTIFY_API_KEY is required/);
    t.setEnv({ NOTIFY_API_KEY: API_KEY, NOTIFY_TEMPLATE_ID: undefined, NOTIFY_TEMPLATES: `task_assigned=${TASK_TEMPLATE}` });
    expect(() => getConfig()).toThrow(/NOTIFY_TEMPLATE_ID \(or a template for meeting_invitation/);
    t.setEnv({ MAIL_TRANSPORT: "smtp", SMTP_HOST: undefined });
    expect(() => getConfig()).toThrow(/SMTP_HOST is required/);
  });
});

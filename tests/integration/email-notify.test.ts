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
import { agencyEmailSettings } from "~/services/email-preferences.server";
import { meetingCalendar } from "~/services/meeting-invitations.server";
import { checkDeliveries } from "~/services/outbox-delivery.server";
import { drainOutbox, outboxSettings, runOutboxBatch } from "~/services/outbox-sender.server";
import { addTask } from "~/services/tasks.server";
import { clinicMeeting } from "./live-clients";
import { dateFields, londonDay, makeCase } from "./order-fixtures";
import { setupTestDb, type TestDb } from "./test-db";

const INVESTIGATOR = "investigator@police.concord.test";
const ADVOCATE = "advocate@isac.concord.test";
const PRACTITIONER = "practitioner@probation.concord.test";
const SUPERVISOR = "supervisor@police.concord.test";
const SPOC = "spoc@police.concord.test";
const DEFAULT_TEMPLATE = "11111111-1111-4111-8111-111111111111";
const TASK_TEMPLATE = "22222222-2222-4222-8222-222222222222";
const API_KEY = `concord_test-${"aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"}-${"bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb"}`;

type Received = {
  path: string;
  auth: string;
  body: { template_id: string; email_address: string; personalisation: Record<string, string>; reference: string };
};
const received: Received[] = [];
let answer: (r: Received) => [number, unknown] = () => [201, { id: "n1" }];
/** What the stand-in says of each notification id when asked (GET /v2/notifications/:id); absent: 404. */
const statuses = new Map<string, string>();
const asked: string[] = [];
let server: http.Server;
let t: TestDb;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c: Buffer) => (raw += c.toString()));
    req.on("end", () => {
      const got = req.method === "GET" ? /^\/v2\/notifications\/([\w-]+)$/.exec(req.url ?? "") : null;
      if (got) {
        asked.push(got[1]!);
        const status = statuses.get(got[1]!);
        res
          .writeHead(status ? 200 : 404, { "content-type": "application/json" })
          .end(
            JSON.stringify(
              status
                ? { id: got[1], status, type: "email" }
                : { errors: [{ error: "NoResultFound", message: "No result found" }], status_code: 404 },
            ),
          );
        return;
      }
      const r = {
        path: req.url ?? "",
        auth: req.headers.authorization ?? "",
        body: JSON.parse(raw || "{}") as Received["body"],
      };
      received.push(r);
      const [status, body] = answer(r);
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  t = await setupTestDb({ seed: true });
  t.setEnv({
    MAIL_TRANSPORT: "notify",
    MAIL_FROM: "no-reply@concord.example.test",
    CONCORD_BASE_URL: "https://concord.example.test",
    NOTIFY_API_KEY: API_KEY,
    NOTIFY_BASE_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    NOTIFY_TEMPLATE_ID: DEFAULT_TEMPLATE,
    NOTIFY_TEMPLATES: `task_assigned=${TASK_TEMPLATE}`,
  });
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  t.cleanup();
});

describe("GOV.UK Notify", () => {
  it("sends each email through the real client with the kind's template and content-free personalisation", async () => {
    const c = makeCase(t, {
      team: [
        [INVESTIGATOR, "officer_in_case"],
        [ADVOCATE, "advocate"],
        [PRACTITIONER, "offender_manager"],
      ],
    });
    expect(
      addTask(t.actorFor(INVESTIGATOR), c.id, {
        title: "Ring Zebedee",
        ownerUserId: t.userId(ADVOCATE),
        ...dateFields("dueOn", londonDay(5)),
      }).ok,
    ).toBe(true);
    const transport = notifyTransport(getConfig().mail);
    expect(await drainOutbox(transport)).toMatchObject({ sent: 1 });
    expect(received).toHaveLength(1);
    const [r] = received;
    expect(r!.path).toBe("/v2/notifications/email");
    expect(r!.auth).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    const row = getDb()
      .$client.prepare("SELECT id FROM email_outbox WHERE user_id = ? AND status = 'sent'")
      .get(t.userId(ADVOCATE)) as { id: string };
    expect(r!.body).toMatchObject({
      template_id: TASK_TEMPLATE,
      email_address: ADVOCATE,
      reference: `concord-${row.id}`,
    });
    expect(r!.body.personalisation).toMatchObject({
      subject: "Concord: a task is assigned to you",
      link: `https://concord.example.test/cases/${c.id}/tasks`,
    });
    expect(JSON.stringify(r!.body)).not.toMatch(/Zebedee|NS-20/);

    // A 500 is tried again later; a 400 about the address is permanent and recorded against it.
    answer = () => [500, { errors: [{ error: "Exception", message: "Internal server error" }] }];
    expect(
      addTask(t.actorFor(INVESTIGATOR), c.id, {
        title: "Second",
        ownerUserId: t.userId(PRACTITIONER),
        ...dateFields("dueOn", londonDay(5)),
      }).ok,
    ).toBe(true);
    expect(await drainOutbox(transport)).toMatchObject({ retried: 1 });
    answer = () => [
      400,
      { errors: [{ error: "ValidationError", message: "email_address Not a valid email address" }] },
    ];
    getDb()
      .$client.prepare("UPDATE email_outbox SET next_attempt_at = ? WHERE status = 'pending'")
      .run(new Date(0).toISOString());
    expect(await drainOutbox(transport)).toMatchObject({ dead: 1 });
    expect(
      getDb()
        .$client.prepare("SELECT address, reason FROM email_address_problems WHERE user_id = ?")
        .get(t.userId(PRACTITIONER)),
    ).toEqual({ address: PRACTITIONER, reason: "Notify 400 ValidationError" });
  });

  it("refuses to start with a missing key or template, naming the setting", () => {
    t.setEnv({ NOTIFY_API_KEY: "short" });
    expect(() => getConfig()).toThrow(/NOTIFY_API_KEY is required/);
    t.setEnv({
      NOTIFY_API_KEY: API_KEY,
      NOTIFY_TEMPLATE_ID: undefined,
      NOTIFY_TEMPLATES: `task_assigned=${TASK_TEMPLATE}`,
    });
    expect(() => getConfig()).toThrow(/NOTIFY_TEMPLATE_ID \(or a template for meeting_invitation/);
    t.setEnv({ MAIL_TRANSPORT: "smtp", SMTP_HOST: undefined });
    expect(() => getConfig()).toThrow(/SMTP_HOST is required/);
  });
});

describe("delivery after Notify accepted the message (decision 0048)", () => {
  it("asks Notify about recent sends: a bounce is recorded against the address, a temporary failure is sent again, delivered is kept", async () => {
    t.setEnv({
      MAIL_TRANSPORT: "notify",
      NOTIFY_TEMPLATE_ID: DEFAULT_TEMPLATE,
      NOTIFY_TEMPLATES: `task_assigned=${TASK_TEMPLATE}`,
    });
    getDb().$client.prepare("UPDATE email_address_problems SET cleared_at = ?").run(new Date().toISOString());
    getDb().$client.prepare("UPDATE email_outbox SET status = 'off' WHERE status IN ('pending', 'held')").run();
    getDb()
      .$client.prepare("UPDATE email_outbox SET delivery_status = 'delivered' WHERE delivery_status IS NOT NULL")
      .run();
    received.length = 0;
    let n = 0;
    answer = () => [201, { id: `notify-${++n}`, reference: null, content: {}, template: {} }];
    const transport = notifyTransport(getConfig().mail);
    const settings = outboxSettings();
    const c = makeCase(t, {
      team: [
        [INVESTIGATOR, "officer_in_case"],
        [ADVOCATE, "advocate"],
        [SPOC, "spoc"],
        [SUPERVISOR, "supervisor"],
      ],
    });
    for (const who of [ADVOCATE, SPOC, SUPERVISOR])
      expect(
        addTask(t.actorFor(INVESTIGATOR), c.id, {
          title: "Ring Zebedee",
          ownerUserId: t.userId(who),
          ...dateFields("dueOn", londonDay(5)),
        }).ok,
      ).toBe(true);
    expect(await drainOutbox(transport)).toMatchObject({ sent: 3 });
    const idOf = (email: string) =>
      (
        getDb()
          .$client.prepare(
            "SELECT provider_id AS p FROM email_outbox WHERE user_id = ? AND kind = 'task_assigned' AND status = 'sent' ORDER BY sent_at DESC",
          )
          .get(t.userId(email)) as { p: string }
      ).p;
    const ids = { advocate: idOf(ADVOCATE), spoc: idOf(SPOC), supervisor: idOf(SUPERVISOR) };
    expect(Object.values(ids).sort()).toEqual(["notify-1", "notify-2", "notify-3"]);

    // Still sending: asked, nothing changes; not asked again within five minutes.
    for (const id of Object.values(ids)) statuses.set(id, "sending");
    const now = new Date();
    expect(await checkDeliveries(transport, settings, now)).toMatchObject({ asked: 3, delivered: 0 });
    expect(await checkDeliveries(transport, settings, new Date(now.getTime() + 60_000))).toMatchObject({ asked: 0 });

    statuses.set(ids.advocate, "delivered");
    statuses.set(ids.spoc, "permanent-failure");
    statuses.set(ids.supervisor, "temporary-failure");
    const next = new Date(now.getTime() + 6 * 60_000);
    expect(await checkDeliveries(transport, settings, next)).toMatchObject({
      asked: 3,
      delivered: 1,
      bounced: 1,
      resent: 1,
    });
    const state = (email: string) =>
      getDb()
        .$client.prepare(
          "SELECT status, delivery_status AS delivery, last_error AS error FROM email_outbox WHERE user_id = ? AND kind = 'task_assigned' ORDER BY created_at DESC",
        )
        .get(t.userId(email));
    expect(state(ADVOCATE)).toEqual({ status: "sent", delivery: "delivered", error: null });
    expect(state(SPOC)).toEqual({ status: "dead", delivery: "permanent-failure", error: "Notify permanent-failure" });
    expect(state(SUPERVISOR)).toMatchObject({ status: "pending", delivery: "temporary-failure" });
    // The bounce is shown to the SPOC's agency administrator, and their next email is held until it is cleared.
    const admin = t.actorFor("admin@police.concord.test");
    expect(agencyEmailSettings(admin).problems).toEqual([
      expect.objectContaining({ address: SPOC, reason: "Notify permanent-failure" }),
    ]);
    expect(
      addTask(t.actorFor(INVESTIGATOR), c.id, {
        title: "Again",
        ownerUserId: t.userId(SPOC),
        ...dateFields("dueOn", londonDay(5)),
      }).ok,
    ).toBe(true);
    expect(
      getDb()
        .$client.prepare("SELECT status FROM email_outbox WHERE user_id = ? ORDER BY created_at DESC")
        .get(t.userId(SPOC)),
    ).toEqual({ status: "held" });

    // The temporary failure goes again after its backoff, as a new Notify message, and is then asked about afresh.
    received.length = 0;
    const later = new Date(next.getTime() + 3_600_000);
    expect(await runOutboxBatch(transport, settings, later)).toMatchObject({ sent: 1 });
    expect(received.map((r) => r.body.email_address)).toEqual([SUPERVISOR]);
    expect(idOf(SUPERVISOR)).toBe("notify-4");
    statuses.set("notify-4", "delivered");
    asked.length = 0;
    expect(await checkDeliveries(transport, settings, later)).toMatchObject({ asked: 1, delivered: 1 });
    expect(asked).toEqual(["notify-4"]);

    // Notify no longer knows a message (after its 7 days): recorded as unconfirmed, never asked again.
    expect(
      addTask(t.actorFor(INVESTIGATOR), c.id, {
        title: "Lost",
        ownerUserId: t.userId(ADVOCATE),
        ...dateFields("dueOn", londonDay(5)),
      }).ok,
    ).toBe(true);
    await drainOutbox(transport);
    expect(await checkDeliveries(transport, settings, later)).toMatchObject({ asked: 1, unconfirmed: 1 });
    expect(await checkDeliveries(transport, settings, new Date(later.getTime() + 3_600_000))).toMatchObject({
      asked: 0,
    });
  });

  it("a meeting invitation through Notify carries the link to the meeting's calendar file, which that route serves", async () => {
    received.length = 0;
    answer = () => [201, { id: "notify-meeting" }];
    const meetingId = clinicMeeting(t, {
      coordinatorEmail: "clinic@partnership.concord.test",
      chairEmail: INVESTIGATOR,
      members: [t.userId(ADVOCATE)],
    });
    await drainOutbox(notifyTransport(getConfig().mail));
    const invitation = received.find((r) => r.body.email_address === ADVOCATE)!;
    expect(invitation.body.personalisation.calendar_link).toBe(
      `https://concord.example.test/meetings/${meetingId}/invitation.ics`,
    );
    // Every other email gives the field empty, so one template with ((calendar_link)) serves all kinds.
    const file = meetingCalendar(t.actorFor(ADVOCATE), meetingId, "https://concord.example.test");
    expect(file.body).toContain(`UID:${meetingId}@concord`);
    expect(received.every((r) => typeof r.body.personalisation.calendar_link === "string")).toBe(true);
  });
});

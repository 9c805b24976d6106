import type { Server, Socket } from "socket.io";
import { z } from "zod";
import type { Actor, Identity } from "~/access/actor";
import { loadActor } from "~/access/actor.server";
import { meetingPurpose } from "~/domain/meeting-kinds";
import { logger } from "~/logger.server";
import { findMeeting } from "~/services/meeting-access.server";
import { recordArrival, recordArrivals } from "~/services/meeting-attendance.server";
import { ownerChoices } from "~/services/meeting-items.server";
import {
  addAction,
  addDecision,
  advanceMeeting,
  meetingView,
  saveLiveMinutes,
  type MeetingView,
} from "~/services/meetings.server";
import { liveSessions } from "~/services/sessions.server";
import { meetingRoom, onMeetingChange, onMeetingLeave } from "./hub.server";
import {
  LIVE_ID_MAX,
  LIVE_MINUTES_MAX,
  LIVE_TEXT_MAX,
  MEETING_EVENTS as E,
  type LiveAction,
  type LiveAdvanced,
  type LiveDecision,
  type LiveError,
  type LiveMinutes,
  type LiveMinutesConflict,
  type LiveMembers,
  type LiveMinutesSaved,
  type LivePresence,
  type LiveStatus,
  type LiveState,
  type PresenceEntry,
} from "./meeting-events";

/**
 * The live meeting over socket.io. Joining is decided by the gate (meetingView with the user's actor at the
 * meeting's purpose). Every event re-checks membership through the meetings services, and every broadcast is
 * built per recipient: for each socket in the room, that socket's user's actor is loaded and the payload is made
 * by the service for them, so papers differ per attendee and nothing is ever broadcast as one payload to all.
 *
 * Attendees of one meeting may be connected to different server processes (a worker per core, or several
 * servers through Redis; decision 0022). What happened (the chair moved on, a decision or action was added,
 * minutes were saved, someone came, went or started editing) is published to every process as a small bus event
 * naming it; each process builds the payloads for its own sockets from the shared database. Presence is asked of
 * every process (each answers with the user ids and editing items of its own sockets, nothing else).
 */

const id = z
  .string()
  .min(1)
  .max(LIVE_ID_MAX)
  .regex(/^[A-Za-z0-9-]+$/);
const schemas = {
  join: z.object({ meetingId: id }).strict(),
  advance: z.object({ meetingId: id, itemId: id }).strict(),
  minutes: z
    .object({
      meetingId: id,
      itemId: id,
      text: z.string().max(LIVE_MINUTES_MAX),
      baseVersion: z.number().int().min(0).max(1_000_000_000),
    })
    .strict(),
  editing: z.object({ meetingId: id, itemId: id.nullable() }).strict(),
  decision: z.object({ meetingId: id, itemId: id, text: z.string().max(LIVE_TEXT_MAX) }).strict(),
  action: z
    .object({
      meetingId: id,
      itemId: id,
      text: z.string().max(LIVE_TEXT_MAX),
      owner: z.string().max(80),
      due: z.object({ day: z.string().max(4), month: z.string().max(4), year: z.string().max(6) }).strict(),
    })
    .strict(),
};

/** `identity` is set for each event by the session check in socket-server.server.ts, before any handler runs. */
type SocketData = { userId: string; sessionId: string; identity: Identity; editing?: Record<string, string | null> };

function data(socket: Pick<Socket, "data">): SocketData {
  return socket.data as SocketData;
}

function actorOf(socket: Pick<Socket, "data">, meetingId: string): Actor {
  const meeting = findMeeting(meetingId);
  const d = data(socket);
  const actor = loadActor(d.userId, d.sessionId, meeting ? meetingPurpose(meeting.kind) : "case_work");
  // A suspended or deleted user gets the same answer as a non-member.
  if (!actor) throw new Response("Not found", { status: 404 });
  return actor;
}

function fail(
  socket: Socket,
  event: string,
  code: LiveError["code"],
  message: string,
  errors?: Record<string, string>,
): void {
  const payload: LiveError = { event, code, message, ...(errors ? { errors } : {}) };
  socket.emit(E.error, payload);
}

const MESSAGES: Record<number, [LiveError["code"], string]> = {
  403: ["forbidden", "You cannot do that in this meeting"],
  404: ["not_found", "Meeting or item not found"],
};

/**
 * Every event a client may send, with the schema of its payload, as registered by handle(): the socket tests send
 * each of them, with real ids, from people who may not see the meeting (tests/integration/socket-events-by-id.test.ts).
 */
export const LIVE_EVENT_SCHEMAS = new Map<string, z.ZodTypeAny>();

/** Answers a refusal from the services (a Response) as `meeting:error`; a non-member leaves the room at once. */
function refused(socket: Socket, event: string, meetingId: string, e: Response): void {
  const [code, message] = MESSAGES[e.status] ?? ["forbidden", "You cannot do that in this meeting"];
  // Refused as a non-member (for example removed since joining): out of the room at once.
  if (e.status === 404 && !isMember(socket, meetingId)) void socket.leave(meetingRoom(meetingId));
  fail(socket, event, code, message);
}

/**
 * A handler for one event (its rate and its session already checked by socket-server.server.ts): payload
 * validated, errors answered with `meeting:error`, the server never thrown.
 */
function handle<S extends z.ZodTypeAny>(
  socket: Socket,
  event: string,
  schema: S,
  needsJoined: boolean,
  fn: (payload: z.infer<S>) => void,
): void {
  LIVE_EVENT_SCHEMAS.set(event, schema);
  socket.on(event, (raw: unknown) => {
    const parsed = schema.safeParse(raw);
    if (!parsed.success) return fail(socket, event, "invalid", "The message was not understood");
    const meetingId = (parsed.data as { meetingId: string }).meetingId;
    if (needsJoined && !socket.rooms.has(meetingRoom(meetingId)))
      return fail(socket, event, "not_joined", "Join the meeting first");
    try {
      fn(parsed.data);
    } catch (e) {
      if (e instanceof Response) return refused(socket, event, meetingId, e);
      logger.error(
        { event: "meeting.socket_failed", socketEvent: event, err: e instanceof Error ? e.message : "unknown" },
        "live meeting event failed",
      );
      fail(socket, event, "failed", "Something went wrong: reload the page");
    }
  });
}

function isMember(socket: Socket, meetingId: string): boolean {
  try {
    meetingView(actorOf(socket, meetingId), meetingId, { papers: false });
    return true;
  } catch {
    return false;
  }
}

let server: Server | undefined;
/** Whether other processes serve the same meetings (an adapter links them), so events must be published. */
let shared = false;

/** This process's sockets in the meeting's room. */
function socketsIn(meetingId: string): Socket[] {
  const ids = server?.sockets.adapter.rooms.get(meetingRoom(meetingId));
  return ids ? [...ids].map((sid) => server!.sockets.sockets.get(sid)).filter((s): s is Socket => !!s) : [];
}

/**
 * The sockets to deliver to: those in the room whose session may still be used, checked in one query at the
 * moment of delivery. Sockets of an ended session are disconnected instead (liveSessions ends them).
 */
function recipientsIn(meetingId: string): Socket[] {
  const sockets = socketsIn(meetingId);
  const live = liveSessions(sockets.map((s) => data(s).sessionId));
  return sockets.filter((s) => live.has(data(s).sessionId));
}

type Connected = Map<string, string | null>;

/** Who is connected to the meeting through this process, and which item's minutes each is editing. */
function localPresence(meetingId: string): [string, string | null][] {
  return socketsIn(meetingId).map((s) => [data(s).userId, data(s).editing?.[meetingId] ?? null]);
}

function merge(entries: Iterable<[string, string | null]>): Connected {
  const out: Connected = new Map();
  for (const [userId, editing] of entries) if (!out.has(userId) || editing) out.set(userId, editing);
  return out;
}

const presenceReply = z
  .array(z.tuple([z.string().max(LIVE_ID_MAX), z.string().max(LIVE_ID_MAX).nullable()]))
  .max(10_000);

/** Who is connected to the meeting through any process (each answers for its own sockets). */
async function presenceEverywhere(meetingId: string): Promise<Connected> {
  const entries = localPresence(meetingId);
  if (shared && server) {
    // A process that does not answer in time (it has just died, and the adapter has not noticed yet) is left out.
    const replies = await new Promise<unknown[]>((resolve) =>
      server!.serverSideEmit(BUS_PRESENCE, meetingId, (_error: Error | null, answers: unknown[]) =>
        resolve(answers ?? []),
      ),
    );
    for (const reply of replies) {
      const parsed = presenceReply.safeParse(reply);
      if (parsed.success) entries.push(...parsed.data);
    }
  }
  return merge(entries);
}

function presenceFor(view: MeetingView, now: Connected): PresenceEntry[] {
  // Only the recipient's own view of the members is used: names come from what the service gave them.
  return view.invitees
    .filter((i) => now.has(i.userId))
    .map((i) => ({ userId: i.userId, name: i.name, agency: i.agency, editing: now.get(i.userId) ?? null }));
}

/**
 * Sends an event to every socket in the meeting's room, each payload built for that socket's user by the
 * meetings services. A socket whose user may no longer see the meeting is taken out of the room instead.
 * Sockets of the same user and session share one build.
 */
function fanOut(meetingId: string, event: string, build: (actor: Actor) => unknown, except?: Socket): void {
  const built = new Map<string, unknown>();
  for (const s of recipientsIn(meetingId)) {
    if (s === except) continue;
    const key = `${data(s).userId}\u0000${data(s).sessionId}`;
    if (!built.has(key)) {
      try {
        built.set(key, build(actorOf(s, meetingId)));
      } catch (e) {
        if (!(e instanceof Response))
          logger.error(
            { event: "meeting.fanout_failed", err: e instanceof Error ? e.message : "unknown" },
            "live meeting fan-out failed",
          );
        built.set(key, e instanceof Response ? { removed: true } : null);
      }
    }
    const payload = built.get(key);
    if (payload && typeof payload === "object" && "removed" in payload) {
      void s.leave(meetingRoom(meetingId));
      s.emit(E.removed, { meetingId });
    } else if (payload) s.emit(event, payload);
  }
}

/** Meetings whose presence this process is sending now, and whether it must send again when done. */
const presenceRuns = new Map<string, boolean>();

/**
 * Sends the meeting's presence to this process's sockets in it, as each recipient may see the members. Runs one
 * at a time per meeting; a change meanwhile runs it once more after, so the last list sent is never older than
 * the last change (lists asked of other processes can come back in any order).
 */
function sendPresence(meetingId: string): void {
  if (presenceRuns.has(meetingId)) {
    presenceRuns.set(meetingId, true);
    return;
  }
  presenceRuns.set(meetingId, false);
  void (async () => {
    try {
      do {
        presenceRuns.set(meetingId, false);
        if (!socketsIn(meetingId).length) continue;
        const now = await presenceEverywhere(meetingId);
        fanOut(meetingId, E.presence, (actor): LivePresence => ({
          meetingId,
          presence: presenceFor(meetingView(actor, meetingId, { papers: false }), now),
        }));
      } while (presenceRuns.get(meetingId));
    } catch (e) {
      logger.error(
        { event: "meeting.presence_failed", err: e instanceof Error ? e.message : "unknown" },
        "live meeting presence failed",
      );
    } finally {
      presenceRuns.delete(meetingId);
    }
  })();
}

/** The state a joining socket gets: presence as this process knows it; the full list follows as a presence event. */
function stateFor(actor: Actor, meetingId: string): LiveState {
  const first = meetingView(actor, meetingId, { papers: false });
  const current = first.meeting.currentItemId;
  const view =
    current && first.me.acknowledgedAt ? meetingView(actor, meetingId, { papers: { itemId: current } }) : first;
  const meeting = findMeeting(meetingId)!;
  return {
    meeting: view.meeting,
    me: view.me,
    items: view.items.map(({ plan: _plan, ...item }) => item),
    invitees: view.invitees,
    presence: presenceFor(view, merge(localPresence(meetingId))),
    owners: view.me.acknowledgedAt ? ownerChoices(meeting) : [],
  };
}

function itemOf(view: MeetingView, itemId: string) {
  return view.items.find((i) => i.id === itemId);
}

/**
 * What happened in a meeting, published to every process serving it. Names only: each process builds what its
 * own sockets receive from the database, per recipient. Saved minutes carry their text and recipients, worked out
 * (and their delivery audited) once, where they were saved, and the sockets already told (their senders).
 */
type BusEvent = z.infer<typeof busEvent>;
const busId = z.string().max(LIVE_ID_MAX);
const busEvent = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("presence"), meetingId: busId }),
  z.object({ kind: z.literal("status"), meetingId: busId }),
  z.object({ kind: z.literal("members"), meetingId: busId }),
  z.object({ kind: z.literal("advanced"), meetingId: busId, itemId: busId, by: z.string().max(200) }),
  z.object({ kind: z.literal("decision"), meetingId: busId, itemId: busId, decisionId: busId }),
  z.object({ kind: z.literal("action"), meetingId: busId, itemId: busId, actionId: busId }),
  z.object({
    kind: z.literal("minutes"),
    meetingId: busId,
    except: z.array(z.string().max(100)).max(10_000),
    to: z.array(busId).max(10_000),
    minutes: z.object({
      meetingId: busId,
      itemId: busId,
      text: z.string().max(1_000_000),
      version: z.number().int(),
      by: z.string().max(200),
      byUserId: busId,
      merged: z.boolean(),
    }),
  }),
]);

const BUS_EVENT = "concord:meeting";
const BUS_PRESENCE = "concord:meeting-presence";

/** Tells every process (this one included) what happened. */
function publish(event: BusEvent): void {
  if (shared) server?.serverSideEmit(BUS_EVENT, event);
  deliver(event);
}

/** Sends this process's sockets what an event means for each of them. */
function deliver(event: BusEvent): void {
  const { meetingId } = event;
  switch (event.kind) {
    case "presence":
      return sendPresence(meetingId);
    case "status": {
      // Whoever is waiting in the room when the chair opens the meeting has arrived.
      if (findMeeting(meetingId)?.status === "open")
        recordArrivals(
          meetingId,
          socketsIn(meetingId).map((s) => data(s).userId),
        );
      return fanOut(meetingId, E.status, (recipient): LiveStatus => {
        const { meeting } = meetingView(recipient, meetingId, { papers: false });
        return {
          meetingId,
          status: meeting.status,
          statusLabel: meeting.statusLabel,
          currentItemId: meeting.currentItemId,
        };
      });
    }
    case "members":
      return fanOut(meetingId, E.members, (recipient): LiveMembers => ({
        meetingId,
        invitees: meetingView(recipient, meetingId, { papers: false }).invitees,
      }));
    case "advanced":
      return fanOut(meetingId, E.advanced, (recipient): LiveAdvanced | null => {
        const view = meetingView(recipient, meetingId, { papers: { itemId: event.itemId } });
        if (view.meeting.currentItemId !== event.itemId) return null;
        return {
          meetingId,
          currentItemId: event.itemId,
          papers: itemOf(view, event.itemId)?.papers ?? null,
          by: event.by,
        };
      });
    case "decision":
      return fanOut(meetingId, E.decision, (recipient): LiveDecision | null => {
        const decision = itemOf(meetingView(recipient, meetingId, { papers: false }), event.itemId)?.decisions.find(
          (d) => d.id === event.decisionId,
        );
        return decision ? { meetingId, itemId: event.itemId, decision } : null;
      });
    case "action":
      return fanOut(meetingId, E.action, (recipient): LiveAction | null => {
        const action = itemOf(meetingView(recipient, meetingId, { papers: false }), event.itemId)?.actions.find(
          (a) => a.id === event.actionId,
        );
        return action ? { meetingId, itemId: event.itemId, action } : null;
      });
    case "minutes": {
      // Minutes are the same for every attendee who has acknowledged the confidentiality statement: the saving
      // process named those recipients; anyone else in the room gets nothing, and a socket whose user is no longer
      // invited is taken out of the room.
      const to = new Set(event.to);
      const except = new Set(event.except);
      for (const s of recipientsIn(meetingId)) {
        if (except.has(s.id)) continue;
        if (to.has(data(s).userId)) s.emit(E.minutes, event.minutes);
        else if (!isMember(s, meetingId)) {
          void s.leave(meetingRoom(meetingId));
          s.emit(E.removed, { meetingId });
        }
      }
    }
  }
}

/**
 * Called once per socket.io server, after its adapter is in place: `linked` when other processes serve the same
 * meetings. Listens for their events and answers their presence questions.
 */
/**
 * At shutdown, before this process's sockets close: their disconnections must not ask the other processes for
 * presence or send them events, since the adapter's Redis clients close next and a publish after that rejects
 * unhandled and crashed the stopping process (the two-server Redis test).
 */
export function stopMeetingBus(): void {
  shared = false;
}

export function startMeetingBus(io: Server, linked: boolean): void {
  server = io;
  shared = linked;
  if (!linked) return;
  io.on(BUS_EVENT, (raw: unknown) => {
    const parsed = busEvent.safeParse(raw);
    if (!parsed.success)
      return logger.warn({ event: "meeting.bus_refused" }, "a meeting event from another process was not understood");
    try {
      deliver(parsed.data);
    } catch (e) {
      logger.error(
        { event: "meeting.bus_failed", err: e instanceof Error ? e.message : "unknown" },
        "live meeting event from another process failed",
      );
    }
  });
  io.on(BUS_PRESENCE, (meetingId: unknown, answer: unknown) => {
    if (typeof answer === "function") answer(typeof meetingId === "string" ? localPresence(meetingId) : []);
  });
}

export function registerMeetingSocket(io: Server, socket: Socket): void {
  server = io;

  handle(socket, E.join, schemas.join, false, ({ meetingId }) => {
    // The gate decides: meetingView throws a 404 (audited) unless the user is a current invitee.
    const state = stateFor(actorOf(socket, meetingId), meetingId);
    void socket.join(meetingRoom(meetingId));
    socket.emit(E.state, state);
    publish({ kind: "presence", meetingId });
    // Seen in the room while the meeting is open: an arrival (the members' tables follow).
    recordArrival(meetingId, data(socket).userId);
  });

  handle(socket, E.leave, schemas.join, true, ({ meetingId }) => {
    void socket.leave(meetingRoom(meetingId));
    publish({ kind: "presence", meetingId });
  });

  handle(socket, E.advance, schemas.advance, true, ({ meetingId, itemId }) => {
    // The service tells every screen (onMeetingChange below), as it does for the page's form.
    advanceMeeting(actorOf(socket, meetingId), meetingId, itemId);
  });

  handle(socket, E.minutes, schemas.minutes, true, ({ meetingId, itemId, text, baseVersion }) => {
    queueMinutes({ socket, identity: data(socket).identity, meetingId, itemId, text, baseVersion });
  });

  handle(socket, E.editing, schemas.editing, true, ({ meetingId, itemId }) => {
    const actor = actorOf(socket, meetingId);
    const view = meetingView(actor, meetingId, { papers: false });
    if (itemId !== null && !itemOf(view, itemId)) throw new Response("Not found", { status: 404 });
    const d = data(socket);
    d.editing = { ...d.editing, [meetingId]: itemId };
    publish({ kind: "presence", meetingId });
  });

  handle(socket, E.decision, schemas.decision, true, ({ meetingId, itemId, text }) => {
    const result = addDecision(actorOf(socket, meetingId), meetingId, itemId, { text });
    if (!result.ok)
      return fail(
        socket,
        E.decision,
        "invalid",
        Object.values(result.errors)[0] ?? "Enter the decision",
        result.errors,
      );
    publish({ kind: "decision", meetingId, itemId, decisionId: result.row.id });
  });

  handle(socket, E.action, schemas.action, true, ({ meetingId, itemId, text, owner, due }) => {
    const result = addAction(actorOf(socket, meetingId), meetingId, itemId, {
      text,
      owner,
      "due-day": due.day,
      "due-month": due.month,
      "due-year": due.year,
    });
    if (!result.ok)
      return fail(socket, E.action, "invalid", Object.values(result.errors)[0] ?? "Enter the action", result.errors);
    publish({ kind: "action", meetingId, itemId, actionId: result.row.id });
  });

  // Presence follows the sockets: once this one has gone, everyone is told.
  socket.on("disconnecting", () => {
    const meetings = [...socket.rooms].filter((r) => r.startsWith("meeting:")).map((r) => r.slice("meeting:".length));
    socket.once("disconnect", () => {
      for (const meetingId of meetings) publish({ kind: "presence", meetingId });
    });
  });
}

// --- Minutes: saves that arrive together are applied together.

type QueuedEdit = {
  socket: Socket;
  identity: Identity;
  meetingId: string;
  itemId: string;
  text: string;
  baseVersion: number;
};
const queued = new Map<string, QueuedEdit[]>();
let flushing = false;

/**
 * Queues a save of an item's minutes until the events already read have been handled (setImmediate), so saves of
 * one item that arrive together (200 people typing at once) are checked one by one but written in one
 * transaction, delivered once and audited once per author (meeting-minutes.server.ts, decision 0025). Nothing
 * waits on a timer: alone, a save is applied at once. Saves arriving at other processes make their own batches;
 * the database's one writer orders them.
 */
function queueMinutes(edit: QueuedEdit): void {
  const key = `${edit.meetingId}\u0000${edit.itemId}`;
  const list = queued.get(key);
  if (list) list.push(edit);
  else queued.set(key, [edit]);
  if (!flushing) {
    flushing = true;
    setImmediate(flushMinutes);
  }
}

function flushMinutes(): void {
  flushing = false;
  const batches = [...queued.values()];
  queued.clear();
  for (const batch of batches) {
    try {
      saveBatch(batch);
    } catch (e) {
      logger.error(
        { event: "meeting.socket_failed", socketEvent: E.minutes, err: e instanceof Error ? e.message : "unknown" },
        "live meeting event failed",
      );
      for (const edit of batch) fail(edit.socket, E.minutes, "failed", "Something went wrong: reload the page");
    }
  }
}

function saveBatch(batch: QueuedEdit[]): void {
  const { meetingId, itemId } = batch[0]!;
  const meeting = findMeeting(meetingId);
  const purpose = meeting ? meetingPurpose(meeting.kind) : "case_work";
  // A socket disconnected since (its session ended) has nothing saved.
  const live = batch.filter((e) => e.socket.connected);
  const { results, delivery } = saveLiveMinutes(
    meetingId,
    itemId,
    live.map((e) => ({ who: { ...e.identity, purpose }, text: e.text, baseVersion: e.baseVersion })),
  );
  const told: string[] = [];
  live.forEach((edit, i) => {
    const result = results[i]!;
    if (result.ok) {
      const saved: LiveMinutesSaved = {
        meetingId,
        itemId,
        text: result.text,
        version: result.version,
        merged: result.merged,
      };
      edit.socket.emit(E.minutesSaved, saved);
      told.push(edit.socket.id);
    } else if ("refused" in result) refused(edit.socket, E.minutes, meetingId, result.refused);
    else if ("conflict" in result) {
      const conflict: LiveMinutesConflict = { meetingId, itemId, ...result.conflict };
      edit.socket.emit(E.minutesConflict, conflict);
    } else
      fail(
        edit.socket,
        E.minutes,
        "invalid",
        Object.values(result.errors)[0] ?? "The minutes could not be saved",
        result.errors,
      );
  });
  if (!delivery) return;
  // The service named the recipients and audited the delivery once, here; every process sends to its own.
  // Senders whose edit was saved have the result already.
  const names = new Map(live.map((e) => [e.identity.userId, e.identity.name]));
  const authors = [...new Set(delivery.authors)];
  const minutes: LiveMinutes = {
    meetingId,
    itemId,
    text: delivery.text,
    version: delivery.version,
    by: authors
      .map((id) => names.get(id)!)
      .join(", ")
      .slice(0, 200),
    byUserId: authors.at(-1)!,
    merged: results.some((r) => r.ok && r.merged),
  };
  publish({ kind: "minutes", meetingId, except: told, to: [...delivery.userIds], minutes });
}

// A member removed from a meeting (hub.leaveMeeting) has left the room in every process already (the adapter
// carries that); everyone's presence lists change.
onMeetingLeave((meetingId) => publish({ kind: "presence", meetingId }));

// Changes made by the meetings services, from a page's form or a socket event alike.
onMeetingChange((change) => publish(change));

/** A server process stopped (the primary says so): presence in every meeting this process serves changes. */
export function refreshAllPresence(): void {
  for (const room of server?.sockets.adapter.rooms.keys() ?? [])
    if (room.startsWith("meeting:")) sendPresence(room.slice("meeting:".length));
}

import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import type { Socket } from "socket.io-client";
import {
  MEETING_EVENTS as E,
  type LiveAction,
  type LiveAdvanced,
  type LiveDecision,
  type LiveError,
  type LiveMembers,
  type LiveMinutes,
  type LiveMinutesConflict,
  type LiveMinutesSaved,
  type LivePresence,
  type LiveState,
  type LiveStatus,
} from "~/realtime/meeting-events";
import { RATE_LIMITED_EVENT, SESSION_ENDED_EVENT, type RateLimited } from "~/realtime/socket-events";
import type { Papers } from "~/services/meeting-items.server";
import { ActionChangeLink } from "./meeting-action-link";
import { ReferralPaperView } from "./referral-paper";
import { WarningText } from "./warning-text";
import { WithheldValue } from "./withheld";

type Draft = { text: string; base: number; dirty: boolean; note: string | null; conflict: LiveMinutesConflict | null };

/**
 * The live meeting, added to the meeting page once JavaScript runs (without it the page's ordinary forms do the
 * same work). Joins the meeting's socket room from before it opens (a waiting attendee sees it open without
 * reloading), follows the chair's current item, and lets members write minutes together (merged on the server,
 * conflicts shown to whoever must resolve them), record decisions and actions, and see who is here and who is
 * editing. Every payload it receives was built for this user on the server. `onChange` hands the live state to
 * the page around it (its status, "Now discussing" row and members table follow it).
 */
export function LiveMeeting({ meetingId, onChange }: { meetingId: string; onChange?: (state: LiveState) => void }) {
  const [state, setState] = useState<LiveState | null>(null);
  const [connected, setConnected] = useState(false);
  const [removed, setRemoved] = useState(false);
  const [sessionEnded, setSessionEnded] = useState(false);
  // Set when the server refused events for coming too fast; cleared when the person tries again (not by the results
  // of saves already on their way, which would hide the warning the moment it appeared).
  const [slowDown, setSlowDown] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  // Errors belong to the item whose form sent the refused event.
  const [errors, setErrors] = useState<{ itemId: string | null; fields: Record<string, string> }>({
    itemId: null,
    fields: {},
  });
  const sentFor = useRef<string | null>(null);
  const socketRef = useRef<Socket | null>(null);
  const stateRef = useRef<LiveState | null>(null);
  stateRef.current = state;
  const revalidator = useRevalidator();
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;
  const changed = useRef(onChange);
  changed.current = onChange;
  useEffect(() => {
    if (state) changed.current?.(state);
  }, [state]);

  useEffect(() => {
    let closed = false;
    void import("socket.io-client").then(({ io }) => {
      if (closed) return;
      const socket = io({ transports: ["websocket"] });
      socketRef.current = socket;
      const ref = (itemId: string) => stateRef.current?.items.find((i) => i.id === itemId)?.caseReference ?? "the item";
      // On every (re)connection: join again and take the server's state as the truth.
      socket.on("connect", () => {
        setConnected(true);
        socket.emit(E.join, { meetingId });
      });
      socket.on("disconnect", (reason) => {
        setConnected(false);
        // Only the server ends a connection this way, when the session has ended (it does not reconnect).
        if (reason === "io server disconnect") setSessionEnded(true);
      });
      socket.on(SESSION_ENDED_EVENT, () => setSessionEnded(true));
      socket.on(RATE_LIMITED_EVENT, (r: RateLimited) => {
        const wait = `${r.retryAfterSeconds} second${r.retryAfterSeconds === 1 ? "" : "s"}`;
        setSlowDown(
          `You are sending changes faster than the meeting can take them, so your last change was not saved. Wait ${wait}, then try again: what you typed is still here.`,
        );
        setAnnouncement(`Not saved: too many changes at once. Wait ${wait}, then try again.`);
      });
      socket.on(E.state, (s: LiveState) => {
        if (s.meeting.id !== meetingId) return;
        setState(s);
        setDrafts((old) => {
          const next: Record<string, Draft> = {};
          for (const item of s.items) {
            const mine = old[item.id];
            next[item.id] = mine?.dirty
              ? mine
              : { text: item.minutes ?? "", base: item.minutesVersion, dirty: false, note: null, conflict: null };
          }
          return next;
        });
      });
      socket.on(E.status, (x: LiveStatus) => {
        if (x.meetingId !== meetingId) return;
        setState((s) =>
          s
            ? {
                ...s,
                meeting: { ...s.meeting, status: x.status, statusLabel: x.statusLabel, currentItemId: x.currentItemId },
              }
            : s,
        );
        setAnnouncement(
          x.status === "open"
            ? "The chair has opened the meeting"
            : `The meeting is now ${x.statusLabel.toLowerCase()}`,
        );
        // The page's forms (acknowledgement, open and close, agenda) depend on the status: read it again; and
        // take the live state afresh (the papers of the item the meeting opened at).
        revalidate.current();
        socket.emit(E.join, { meetingId });
      });
      socket.on(E.members, (x: LiveMembers) => {
        if (x.meetingId === meetingId) setState((s) => (s ? { ...s, invitees: x.invitees } : s));
      });
      socket.on(E.presence, (p: LivePresence) => {
        if (p.meetingId === meetingId) setState((s) => (s ? { ...s, presence: p.presence } : s));
      });
      socket.on(E.advanced, (a: LiveAdvanced) => {
        if (a.meetingId !== meetingId) return;
        setState((s) =>
          s
            ? {
                ...s,
                meeting: { ...s.meeting, currentItemId: a.currentItemId },
                items: s.items.map((i) => ({ ...i, papers: i.id === a.currentItemId ? a.papers : i.papers })),
              }
            : s,
        );
        const item = stateRef.current?.items.find((i) => i.id === a.currentItemId);
        setAnnouncement(`${a.by} moved the meeting to item ${item?.position ?? ""}: ${item?.caseReference ?? ""}`);
        // Follow the chair, without taking the focus from someone who is typing.
        requestAnimationFrame(() => {
          const heading = document.getElementById(`live-item-heading-${a.currentItemId}`);
          heading?.scrollIntoView({ block: "start" });
          const typing =
            document.activeElement instanceof HTMLTextAreaElement ||
            document.activeElement instanceof HTMLInputElement ||
            document.activeElement instanceof HTMLSelectElement;
          if (!typing) heading?.focus({ preventScroll: true });
        });
      });
      socket.on(E.minutes, (m: LiveMinutes) => {
        if (m.meetingId !== meetingId) return;
        setState((s) =>
          s
            ? {
                ...s,
                items: s.items.map((i) =>
                  i.id === m.itemId ? { ...i, minutes: m.text, minutesVersion: m.version } : i,
                ),
              }
            : s,
        );
        setDrafts((d) => {
          const mine = d[m.itemId];
          // Unsaved local changes stay; the server merges them against the version they started from.
          if (mine?.dirty)
            return {
              ...d,
              [m.itemId]: { ...mine, note: `${m.by} saved these minutes. Your changes will be merged when you save.` },
            };
          return {
            ...d,
            [m.itemId]: {
              text: m.text,
              base: m.version,
              dirty: false,
              note: `${m.by} saved these minutes${m.merged ? " (merged with other changes)" : ""}.`,
              conflict: null,
            },
          };
        });
        setAnnouncement(`${m.by} saved the minutes for ${ref(m.itemId)}`);
      });
      socket.on(E.minutesSaved, (m: LiveMinutesSaved) => {
        if (m.meetingId !== meetingId) return;
        setDrafts((d) => ({
          ...d,
          [m.itemId]: {
            text: m.text,
            base: m.version,
            dirty: false,
            note: m.merged ? "Minutes saved and merged with changes others made." : "Minutes saved.",
            conflict: null,
          },
        }));
        setState((s) =>
          s
            ? {
                ...s,
                items: s.items.map((i) =>
                  i.id === m.itemId ? { ...i, minutes: m.text, minutesVersion: m.version } : i,
                ),
              }
            : s,
        );
        setAnnouncement(
          m.merged ? `Minutes for ${ref(m.itemId)} saved and merged` : `Minutes for ${ref(m.itemId)} saved`,
        );
      });
      socket.on(E.minutesConflict, (c: LiveMinutesConflict) => {
        if (c.meetingId !== meetingId) return;
        // The user resolves it: their text stays in the box, now based on the latest version.
        setDrafts((d) => ({
          ...d,
          [c.itemId]: { text: c.yours, base: c.version, dirty: true, note: null, conflict: c },
        }));
        setAnnouncement(`Someone changed the same lines of the minutes for ${ref(c.itemId)}: compare and save again`);
      });
      socket.on(E.decision, (x: LiveDecision) => {
        if (x.meetingId !== meetingId) return;
        setState((s) =>
          s
            ? {
                ...s,
                items: s.items.map((i) =>
                  i.id === x.itemId && !i.decisions.some((d) => d.id === x.decision.id)
                    ? { ...i, decisions: [...i.decisions, x.decision] }
                    : i,
                ),
              }
            : s,
        );
        setAnnouncement(`Decision recorded for ${ref(x.itemId)}`);
      });
      socket.on(E.action, (x: LiveAction) => {
        if (x.meetingId !== meetingId) return;
        // New, or changed (edited, reassigned, completed, deleted): the server's view for this user replaces ours.
        const known =
          stateRef.current?.items.find((i) => i.id === x.itemId)?.actions.some((a) => a.id === x.action.id) ?? false;
        setState((s) =>
          s
            ? {
                ...s,
                items: s.items.map((i) =>
                  i.id !== x.itemId
                    ? i
                    : known
                      ? { ...i, actions: i.actions.map((a) => (a.id === x.action.id ? x.action : a)) }
                      : { ...i, actions: [...i.actions, x.action] },
                ),
              }
            : s,
        );
        const what = !known
          ? "added"
          : x.action.status === "done"
            ? "completed"
            : x.action.status === "deleted"
              ? "deleted"
              : "changed";
        setAnnouncement(`Action ${what} for ${ref(x.itemId)}: ${x.action.text}`);
      });
      socket.on(E.removed, (r: { meetingId: string }) => {
        if (r.meetingId !== meetingId) return;
        setRemoved(true);
        setState(null);
        socket.disconnect();
      });
      socket.on(E.error, (e: LiveError) => {
        const shown: Record<string, string> = { [e.event]: e.message };
        for (const [field, message] of Object.entries(e.errors ?? {})) shown[`${e.event}:${field}`] = message;
        setErrors({ itemId: sentFor.current, fields: shown });
        setAnnouncement(`Error: ${e.message}`);
      });
    });
    return () => {
      closed = true;
      socketRef.current?.disconnect();
      socketRef.current = null;
    };
  }, [meetingId]);

  if (removed) return <WarningText testId="live-removed">You have been removed from this meeting.</WarningText>;
  if (sessionEnded) {
    return (
      <WarningText testId="live-session-ended">
        Your session has ended, so the live meeting has stopped.{" "}
        <a className="govuk-link" href={`/login?returnTo=${encodeURIComponent(`/meetings/${meetingId}`)}`}>
          Sign in again
        </a>{" "}
        to rejoin it.
      </WarningText>
    );
  }
  if (!state) return null;
  if (state.meeting.status !== "open" || !state.me.acknowledgedAt) {
    // Waiting (or the meeting is over): only the announcements, so a screen reader hears the meeting open.
    return (
      <div
        data-testid="live-meeting"
        data-live={connected ? "connected" : "offline"}
        data-status={state.meeting.status}
      >
        {state.meeting.status === "planned" ? (
          <p className="govuk-body-s" data-testid="live-waiting">
            This page will update when the chair opens the meeting.
          </p>
        ) : null}
        <div
          className="govuk-visually-hidden"
          role="status"
          aria-live="polite"
          aria-atomic="true"
          data-testid="live-announcement"
        >
          {announcement}
        </div>
      </div>
    );
  }
  const send = (event: string, payload: Record<string, unknown>) =>
    socketRef.current?.emit(event, { meetingId, ...payload });
  const emit = (event: string, payload: { itemId: string } & Record<string, unknown>) => {
    sentFor.current = payload.itemId;
    setErrors({ itemId: null, fields: {} });
    setSlowDown(null);
    send(event, payload);
  };
  const others = (itemId: string) => state.presence.filter((p) => p.editing === itemId && p.userId !== state.me.userId);
  const acknowledged = !!state.me.acknowledgedAt;

  return (
    <section
      className="app-live-meeting"
      aria-labelledby="live-heading"
      data-testid="live-meeting"
      data-live={connected ? "connected" : "offline"}
    >
      <h2 className="govuk-heading-m" id="live-heading">
        Live meeting
      </h2>
      <p className="govuk-body-s">
        {connected ? "Connected: changes appear for everyone as they happen." : "Reconnecting…"}
      </p>
      <div
        className="govuk-visually-hidden"
        role="status"
        aria-live="polite"
        aria-atomic="true"
        data-testid="live-announcement"
      >
        {announcement}
      </div>
      {slowDown ? <WarningText testId="live-slow-down">{slowDown}</WarningText> : null}
      <h3 className="govuk-heading-s">Here now</h3>
      <ul className="govuk-list" data-testid="live-presence">
        {state.presence.map((p) => {
          const editing = state.items.find((i) => i.id === p.editing);
          return (
            <li key={p.userId}>
              {p.name} ({p.agency}){editing ? `: editing the minutes for item ${editing.position}` : ""}
            </li>
          );
        })}
      </ul>
      {state.items.map((item) => {
        const current = item.id === state.meeting.currentItemId;
        const draft = drafts[item.id] ?? {
          text: item.minutes ?? "",
          base: item.minutesVersion,
          dirty: false,
          note: null,
          conflict: null,
        };
        const editors = others(item.id);
        const err = (event: string, field?: string) =>
          errors.itemId === item.id ? errors.fields[field ? `${event}:${field}` : event] : undefined;
        const save = (e: FormEvent) => {
          e.preventDefault();
          emit(E.minutes, { itemId: item.id, text: draft.text, baseVersion: draft.base });
          send(E.editing, { itemId: null });
        };
        return (
          <section
            key={item.id}
            className={`app-live-item${current ? " app-live-item--current" : ""}`}
            data-testid={`live-item-${item.position}`}
            data-current={current ? "true" : "false"}
            aria-labelledby={`live-item-heading-${item.id}`}
          >
            <h3 className="govuk-heading-s" id={`live-item-heading-${item.id}`} tabIndex={-1}>
              Item {item.position}: {item.caseReference}
              {current ? (
                <>
                  {" "}
                  <strong className="govuk-tag govuk-tag--blue" data-testid="live-now">
                    Now discussing
                  </strong>
                </>
              ) : null}
            </h3>
            {state.me.isChair && state.meeting.status === "open" && !current ? (
              <button
                type="button"
                className="govuk-button govuk-button--secondary"
                data-module="govuk-button"
                onClick={() => emit(E.advance, { itemId: item.id })}
              >
                Move the meeting to item {item.position}
                <span className="govuk-visually-hidden"> ({item.caseReference})</span>
              </button>
            ) : null}
            {current && item.papers ? <LivePapers papers={item.papers} /> : null}
            {acknowledged && state.meeting.status === "open" ? (
              <>
                <form onSubmit={save} noValidate>
                  <div className={`govuk-form-group${err(E.minutes) ? " govuk-form-group--error" : ""}`}>
                    <label className="govuk-label govuk-label--s" htmlFor={`live-minutes-${item.id}`}>
                      Live minutes for {item.caseReference}
                    </label>
                    {editors.length ? (
                      <div className="govuk-hint" id={`live-editing-${item.id}`} data-testid="live-editing">
                        {editors.map((e) => e.name).join(", ")} {editors.length === 1 ? "is" : "are"} editing these
                        minutes
                      </div>
                    ) : null}
                    {err(E.minutes) ? (
                      <p className="govuk-error-message">
                        <span className="govuk-visually-hidden">Error:</span> {err(E.minutes)}
                      </p>
                    ) : null}
                    <textarea
                      className="govuk-textarea"
                      id={`live-minutes-${item.id}`}
                      rows={5}
                      value={draft.text}
                      aria-describedby={editors.length ? `live-editing-${item.id}` : undefined}
                      onFocus={() => send(E.editing, { itemId: item.id })}
                      onChange={(e) => {
                        const text = e.target.value;
                        setDrafts((d) => ({ ...d, [item.id]: { ...draft, text, dirty: true } }));
                      }}
                    />
                  </div>
                  {draft.conflict ? (
                    <div className="govuk-warning-text" data-testid="live-conflict">
                      <span className="govuk-warning-text__icon" aria-hidden="true">
                        !
                      </span>
                      <div className="govuk-warning-text__text">
                        <span className="govuk-visually-hidden">Warning</span>
                        Someone changed the same lines while you were writing. Nothing has been overwritten: compare,
                        edit your text so it keeps what is needed from both, and save again.
                        <p className="govuk-body govuk-!-margin-top-2 govuk-!-margin-bottom-1">Saved by others:</p>
                        <pre className="app-pre-line govuk-body" data-testid="live-conflict-theirs">
                          {draft.conflict.theirs}
                        </pre>
                        <p className="govuk-body govuk-!-margin-bottom-1">Yours:</p>
                        <pre className="app-pre-line govuk-body" data-testid="live-conflict-yours">
                          {draft.conflict.yours}
                        </pre>
                      </div>
                    </div>
                  ) : null}
                  {draft.note ? (
                    <p className="govuk-body-s" data-testid="live-minutes-note">
                      {draft.note}
                    </p>
                  ) : null}
                  <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
                    Save live minutes<span className="govuk-visually-hidden"> for {item.caseReference}</span>
                  </button>
                </form>
                <LiveDecisions
                  item={item}
                  error={err(E.decision, "text") ?? err(E.decision)}
                  onAdd={(text) => emit(E.decision, { itemId: item.id, text })}
                />
                <LiveActions
                  item={item}
                  owners={state.owners}
                  error={(f) => err(E.action, f)}
                  onAdd={(v) => emit(E.action, { itemId: item.id, ...v })}
                />
              </>
            ) : null}
          </section>
        );
      })}
    </section>
  );
}

type Item = LiveState["items"][number];

function LiveDecisions({ item, error, onAdd }: { item: Item; error?: string; onAdd: (text: string) => void }) {
  const [text, setText] = useState("");
  const fieldId = `live-decision-${item.id}`;
  return (
    <>
      <h4 className="govuk-heading-s">Decisions</h4>
      {item.decisions.length ? (
        <ul className="govuk-list govuk-list--bullet" data-testid="live-decisions">
          {item.decisions.map((d) => (
            <li key={d.id}>{d.text}</li>
          ))}
        </ul>
      ) : (
        <p className="govuk-body">No decisions yet.</p>
      )}
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          onAdd(text);
          setText("");
        }}
      >
        <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
          <label className="govuk-label" htmlFor={fieldId}>
            Decision for {item.caseReference}
          </label>
          {error ? (
            <p className="govuk-error-message">
              <span className="govuk-visually-hidden">Error:</span> {error}
            </p>
          ) : null}
          <input className="govuk-input" id={fieldId} value={text} onChange={(e) => setText(e.target.value)} />
        </div>
        <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
          Record decision<span className="govuk-visually-hidden"> for {item.caseReference}</span>
        </button>
      </form>
    </>
  );
}

function LiveActions({
  item,
  owners,
  error,
  onAdd,
}: {
  item: Item;
  owners: LiveState["owners"];
  error: (field: string) => string | undefined;
  onAdd: (v: { text: string; owner: string; due: { day: string; month: string; year: string } }) => void;
}) {
  const [text, setText] = useState("");
  const [owner, setOwner] = useState("");
  const [due, setDue] = useState({ day: "", month: "", year: "" });
  const p = `live-action-${item.id}`;
  const dueError = error("due");
  return (
    <>
      <h4 className="govuk-heading-s">Actions</h4>
      {item.actions.length ? (
        <ul className="govuk-list govuk-list--bullet" data-testid="live-actions">
          {item.actions.map((a) => (
            <li key={a.id} data-status={a.status}>
              {a.text}: {a.owner}, due {a.due}
              {a.status === "done"
                ? ` (done: ${a.completionNote ?? ""})`
                : a.status === "deleted"
                  ? ` (deleted: ${a.deletionReason ?? ""})`
                  : ""}{" "}
              <ActionChangeLink action={a} />
            </li>
          ))}
        </ul>
      ) : (
        <p className="govuk-body">No actions yet.</p>
      )}
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          onAdd({ text, owner, due });
          setText("");
        }}
      >
        <div className={`govuk-form-group${error("text") ? " govuk-form-group--error" : ""}`}>
          <label className="govuk-label" htmlFor={`${p}-text`}>
            Action for {item.caseReference}
          </label>
          {error("text") ? (
            <p className="govuk-error-message">
              <span className="govuk-visually-hidden">Error:</span> {error("text")}
            </p>
          ) : null}
          <input className="govuk-input" id={`${p}-text`} value={text} onChange={(e) => setText(e.target.value)} />
        </div>
        <div className={`govuk-form-group${error("owner") ? " govuk-form-group--error" : ""}`}>
          <label className="govuk-label" htmlFor={`${p}-owner`}>
            Owner of the action for {item.caseReference}
          </label>
          {error("owner") ? (
            <p className="govuk-error-message">
              <span className="govuk-visually-hidden">Error:</span> {error("owner")}
            </p>
          ) : null}
          <select className="govuk-select" id={`${p}-owner`} value={owner} onChange={(e) => setOwner(e.target.value)}>
            <option value="">Choose a person or agency</option>
            {owners.map((o) => (
              <option key={o.value} value={o.value}>
                {o.text}
              </option>
            ))}
          </select>
        </div>
        <div className={`govuk-form-group${dueError ? " govuk-form-group--error" : ""}`}>
          <fieldset className="govuk-fieldset" role="group">
            <legend className="govuk-fieldset__legend">Due date of the action for {item.caseReference}</legend>
            {dueError ? (
              <p className="govuk-error-message">
                <span className="govuk-visually-hidden">Error:</span> {dueError}
              </p>
            ) : null}
            <div className="govuk-date-input">
              {(["day", "month", "year"] as const).map((part) => (
                <div className="govuk-date-input__item" key={part}>
                  <div className="govuk-form-group">
                    <label className="govuk-label govuk-date-input__label" htmlFor={`${p}-due-${part}`}>
                      {part[0]!.toUpperCase() + part.slice(1)}
                    </label>
                    <input
                      className={`govuk-input govuk-date-input__input govuk-input--width-${part === "year" ? 4 : 2}`}
                      id={`${p}-due-${part}`}
                      inputMode="numeric"
                      value={due[part]}
                      onChange={(e) => setDue({ ...due, [part]: e.target.value })}
                    />
                  </div>
                </div>
              ))}
            </div>
          </fieldset>
        </div>
        <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
          Add action<span className="govuk-visually-hidden"> for {item.caseReference}</span>
        </button>
      </form>
    </>
  );
}

function LivePapers({ papers }: { papers: Papers }) {
  const lists: [string, Papers["incidents"]][] = [
    ["Recent incidents", papers.incidents],
    ["Orders", papers.orders],
    ["Breaches", papers.breaches],
    ["Other information", papers.notes],
    ["Documents", papers.documents],
  ];
  return (
    <div data-testid="live-papers">
      <h4 className="govuk-heading-s">Papers you may see</h4>
      {papers.referral ? <ReferralPaperView referral={papers.referral} headingLevel={4} /> : null}
      {papers.riskPicture.length ? (
        <p className="govuk-body">
          Risk: {papers.riskPicture.map((r) => `${r.instrument} ${r.riskLevelLabel} (${r.ownerAgency})`).join("; ")}
        </p>
      ) : null}
      {lists.map(([label, rows]) =>
        rows.length ? (
          <div key={label}>
            <p className="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">{label}</p>
            <ul className="govuk-list govuk-list--bullet">
              {rows.map((r) => (
                <li key={r.id}>
                  {r.line} ({r.ownerAgency}, {r.on})
                  {r.detail && typeof r.detail === "object" ? (
                    <>
                      {" "}
                      <WithheldValue value={r.detail} />
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          </div>
        ) : null,
      )}
    </div>
  );
}

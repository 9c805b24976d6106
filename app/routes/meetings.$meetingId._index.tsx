import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { SuccessBanner } from "~/components/success-banner";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { mayDownloadMinutes } from "~/access/minutes-download";
import { AppForm, Button, Checkboxes, ErrorSummary, Select, TextArea } from "~/components/forms";
import { ItemRecord } from "~/components/item-record";
import { LiveMeeting } from "~/components/live-meeting";
import { MeetingReplies } from "~/components/meeting-replies";
import { MinutesDownloads } from "~/components/minutes-downloads";
import { pageTitle } from "~/components/page-title";
import { WarningText } from "~/components/warning-text";
import { agendaLength, PRIORITY_LABELS, type AgendaPriority } from "~/domain/agenda";
import { ATTENDANCE, ATTENDANCE_LABELS } from "~/domain/attendance";
import type { LiveState } from "~/realtime/meeting-events";
import type { InviteeView } from "~/services/meetings.server";
import { formValues } from "~/forms/parse-form";
import { requireActor } from "~/services/current-user.server";
import { publishAgenda } from "~/services/agenda-pack.server";
import { invitationReplies } from "~/services/meeting-invitations.server";
import { findMeeting } from "~/services/meeting-access.server";
import { addAgendaItems, editAgenda, ownerChoices } from "~/services/meeting-items.server";
import { minutesInput } from "~/services/meeting-minutes.server";
import {
  acknowledgeConfidentiality,
  addAction,
  addDecision,
  advanceMeeting,
  arrangeOptions,
  closeMeeting,
  inviteMember,
  meetingView,
  openMeeting,
  recordAttendance,
  removeInvitee,
  saveItemMinutes,
  updateStatement,
} from "~/services/meetings.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data ? data.view.meeting.title : "Meeting");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  // The meeting page lists the agenda and members; each item's papers are on the item page.
  const view = meetingView(actor, params.meetingId ?? "", { papers: false });
  const arrange = view.me.mayManage ? arrangeOptions(actor, view.meeting.id) : null;
  const url = new URL(request.url);
  const done = url.searchParams.get("done");
  // Closing ends the live meeting for everyone, so the chair is asked first (?confirm=close).
  const confirmClose = url.searchParams.get("confirm") === "close";
  const replies = view.me.mayManage ? invitationReplies(actor, view.meeting.id) : null;
  // One place to write an item's minutes, decisions and actions (decision 0046): here, one item at a time without
  // JavaScript or once the meeting has closed (the one asked for, else the one being discussed, else the first).
  const writing = !!view.me.acknowledgedAt && (view.meeting.status === "open" || view.meeting.status === "closed");
  const asked = url.searchParams.get("item");
  const recordItemId = writing
    ? ((
        view.items.find((i) => i.id === asked) ??
        view.items.find((i) => i.id === view.meeting.currentItemId) ??
        view.items[0]
      )?.id ?? null)
    : null;
  const owners = recordItemId ? ownerChoices(findMeeting(view.meeting.id)!) : [];
  return {
    view,
    arrange,
    replies,
    confirmClose,
    recordItemId,
    owners,
    done: done && DONE[done as keyof typeof DONE] ? DONE[done as keyof typeof DONE] : null,
  };
}

const DONE = {
  acknowledged: "Confidentiality statement acknowledged",
  opened: "Meeting opened",
  closed: "Meeting closed: the chair can now finalise the minutes",
  agenda: "Agenda updated",
  members: "Members updated",
  statement: "Confidentiality statement updated",
  attendance: "Attendance recorded",
  schedule: "Date, time and place saved: the invitees have been told",
  cancelled: "Meeting cancelled: the invitees have been told and their calendar entries removed",
  published: "Agenda published: each invitee has been told their papers are ready",
  minutes: "Minutes saved",
  merged: "Minutes saved: merged with changes someone else saved",
  decision: "Decision recorded",
  action: "Action recorded",
} as const;

type Errors = Record<string, string>;
const str = (v: string | string[] | undefined) => (typeof v === "string" ? v : "");
const list = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const meetingId = params.meetingId ?? "";
  const values = formValues(await request.formData());
  const back = (done: keyof typeof DONE, hash = "") => redirect(`/meetings/${meetingId}?done=${done}${hash}`);
  const fail = (errors: Errors) => data({ errors, values, conflict: null }, { status: 400 });
  // Back to the item's minutes, decisions and actions on this page.
  const toRecord = (done: keyof typeof DONE, itemId: string) =>
    redirect(`/meetings/${meetingId}?item=${encodeURIComponent(itemId)}&done=${done}#record`);
  switch (values.intent) {
    case "acknowledge":
      acknowledgeConfidentiality(actor, meetingId);
      throw back("acknowledged");
    case "open": {
      openMeeting(actor, meetingId);
      throw back("opened", "#record");
    }
    case "close":
      if (values.confirm !== "yes") return fail({ form: "Confirm that you want to close the meeting" });
      closeMeeting(actor, meetingId);
      throw back("closed");
    case "advance": {
      const moved = advanceMeeting(actor, meetingId, str(values.itemId));
      throw redirect(`/meetings/${meetingId}?item=${moved.currentItemId}#record`);
    }
    case "minutes": {
      const itemId = str(values.itemId);
      const result = saveItemMinutes(actor, meetingId, itemId, minutesInput(values));
      if (result.ok) throw toRecord(result.merged ? "merged" : "minutes", itemId);
      if ("conflict" in result)
        return data(
          {
            errors: {
              text: "Someone else changed the same lines: compare the two versions, then save the minutes you want to keep",
            } as Errors,
            values,
            conflict: result.conflict,
          },
          { status: 409 },
        );
      return fail(result.errors);
    }
    case "decision": {
      const itemId = str(values.itemId);
      const result = addDecision(actor, meetingId, itemId, values);
      if (!result.ok) return fail({ decision: result.errors.text ?? "Enter the decision" });
      throw toRecord("decision", itemId);
    }
    case "action": {
      const itemId = str(values.itemId);
      const result = addAction(actor, meetingId, itemId, values);
      if (!result.ok)
        return fail({
          ...(result.errors.text ? { actionText: result.errors.text } : {}),
          ...(result.errors.owner ? { owner: result.errors.owner } : {}),
          ...(result.errors.due ? { due: result.errors.due } : {}),
        });
      throw toRecord("action", itemId);
    }
    case "agenda-add": {
      const keys = list(values.agenda);
      if (!keys.length) return fail({ agenda: "Choose at least one case to add to the agenda" });
      addAgendaItems(actor, meetingId, keys);
      throw back("agenda");
    }
    case "agenda-remove":
    case "agenda-move":
    case "agenda-time":
    case "agenda-reorder": {
      const result = editAgenda(actor, meetingId, values);
      // The time field has one id per item, so the summary shows the message without a link.
      if (!result.ok)
        return fail({ form: result.errors.minutesAllowed ?? result.errors.form ?? "Choose an agenda change" });
      throw back("agenda");
    }
    case "publish": {
      const result = publishAgenda(actor, meetingId);
      if (!result.ok) return fail(result.errors);
      throw back("published");
    }
    case "invite": {
      const result = str(values.userId)
        ? inviteMember(actor, meetingId, str(values.userId))
        : { ok: false as const, errors: { userId: "Choose a person to invite" } };
      if (!result.ok) return fail(result.errors);
      throw back("members");
    }
    case "remove": {
      const result = removeInvitee(actor, meetingId, str(values.userId));
      if (!result.ok) return fail({ form: result.errors.userId ?? "Choose a member to remove" });
      throw back("members");
    }
    case "statement": {
      const result = updateStatement(actor, meetingId, values);
      if (!result.ok) return fail(result.errors);
      throw back("statement");
    }
    case "attendance": {
      const result = recordAttendance(actor, meetingId, values.userId, values.attendance);
      if (!result.ok) return fail({ form: result.errors.attendance ?? result.errors.userId ?? "Choose a member" });
      throw back("attendance");
    }
    default:
      return fail({ form: "Choose what to do" });
  }
}

export default function MeetingPage() {
  const { view, arrange, replies, confirmClose, recordItemId, owners, done } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors as Errors | undefined;
  const { meeting, me, items } = view;
  // Once the live meeting has connected, its state is the freshest: the chair opening or moving on, arrivals and
  // acknowledgements reach this page without a reload.
  const [live, setLive] = useState<LiveState | null>(null);
  const currentItemId = live ? live.meeting.currentItemId : meeting.currentItemId;
  const invitees = live?.invitees ?? view.invitees;
  const planned = meeting.status === "planned";
  const current = items.find((i) => i.id === currentItemId);
  // While the live meeting runs for this person it writes the minutes, decisions and actions; otherwise these forms do.
  const liveWriting = !!live && live.meeting.status === "open" && !!live.me.acknowledgedAt;
  const recordItem = liveWriting ? undefined : items.find((i) => i.id === recordItemId);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <Link to="/meetings" className="govuk-back-link">
          Back to meetings
        </Link>
        <ErrorSummary errors={errors} />
        {done && !errors ? <SuccessBanner text={done} /> : null}
        <span className="govuk-caption-l">{meeting.kindLabel}</span>
        <h1 className="govuk-heading-l">{meeting.title}</h1>
        <dl className="govuk-summary-list">
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">When</dt>
            <dd className="govuk-summary-list__value">{meeting.when}</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Where</dt>
            <dd className="govuk-summary-list__value">
              {[meeting.place, meeting.videoLink ? "by video (the link is on your invitation)" : null]
                .filter(Boolean)
                .join(", ") || "Not set yet"}
            </dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Chair</dt>
            <dd className="govuk-summary-list__value">{meeting.chair}</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Status</dt>
            <dd className="govuk-summary-list__value" data-testid="meeting-status">
              {live?.meeting.statusLabel ?? meeting.statusLabel}
            </dd>
          </div>
          {current ? (
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Now discussing</dt>
              <dd className="govuk-summary-list__value" data-testid="now-discussing">
                <Link className="govuk-link" to={`/meetings/${meeting.id}/items/${current.id}`}>
                  Item {current.position}: {current.caseReference}
                </Link>
              </dd>
            </div>
          ) : null}
        </dl>

        <p className="govuk-body">
          <Link className="govuk-link" to={`/meetings/${meeting.id}/invitation`}>
            Your invitation
          </Link>
          {me.mayManage && planned ? (
            <>
              {" · "}
              <Link className="govuk-link" to={`/meetings/${meeting.id}/details`}>
                Change the date, time or place
              </Link>
            </>
          ) : null}
        </p>

        <div className="govuk-inset-text" data-testid="confidentiality-statement">
          <h2 className="govuk-heading-s">Confidentiality statement</h2>
          <p className="govuk-body app-pre-line">{meeting.confidentialityStatement}</p>
          {me.acknowledgedAt ? (
            <p className="govuk-body-s">You acknowledged this statement.</p>
          ) : meeting.status === "planned" || meeting.status === "open" ? (
            <AppForm method="post">
              <input type="hidden" name="intent" value="acknowledge" />
              <p className="govuk-body">You must acknowledge the statement before you can see papers or minutes.</p>
              <Button>I acknowledge the confidentiality statement</Button>
            </AppForm>
          ) : null}
        </div>

        {me.isChair ? (
          <div className="govuk-button-group">
            {planned ? (
              <AppForm method="post">
                <input type="hidden" name="intent" value="open" />
                <Button>Open the meeting</Button>
              </AppForm>
            ) : null}
            {meeting.status === "open" && !confirmClose ? (
              <Link
                to={`/meetings/${meeting.id}?confirm=close#close-meeting`}
                className="govuk-button govuk-button--warning"
                data-module="govuk-button"
              >
                Close the meeting
              </Link>
            ) : null}
            {meeting.status === "closed" ? (
              <Link to={`/meetings/${meeting.id}/minutes`} className="govuk-button" data-module="govuk-button">
                Finalise the minutes
              </Link>
            ) : null}
          </div>
        ) : null}
        {me.isChair && meeting.status === "open" && confirmClose ? (
          <section
            className="govuk-!-margin-bottom-6"
            id="close-meeting"
            aria-labelledby="close-meeting-heading"
            data-testid="close-confirmation"
          >
            <h2 className="govuk-heading-m" id="close-meeting-heading">
              Are you sure you want to close the meeting?
            </h2>
            <WarningText>
              Closing ends the live meeting for everyone. Minutes, decisions and actions can then be corrected on this
              page until you sign the minutes off.
            </WarningText>
            <AppForm method="post">
              <input type="hidden" name="intent" value="close" />
              <input type="hidden" name="confirm" value="yes" />
              <div className="govuk-button-group">
                <Button warning>Yes, close the meeting</Button>
                <Link className="govuk-link" to={`/meetings/${meeting.id}`}>
                  No, keep the meeting open
                </Link>
              </div>
            </AppForm>
          </section>
        ) : null}
        {me.acknowledgedAt && meeting.status !== "planned" ? (
          <p className="govuk-body">
            <Link className="govuk-link" to={`/meetings/${meeting.id}/minutes`}>
              Read the minutes
            </Link>
          </p>
        ) : null}
        {mayDownloadMinutes(meeting) ? <MinutesDownloads meetingId={meeting.id} title={meeting.title} /> : null}

        {/* Progressive enhancement: appears once JavaScript has connected; the forms here work without it. From before
            the meeting opens, so a waiting attendee sees it open; afresh once they acknowledge the statement. */}
        {meeting.status !== "finalised" ? (
          <LiveMeeting key={me.acknowledgedAt ?? "waiting"} meetingId={meeting.id} onChange={setLive} />
        ) : null}

        {recordItem ? (
          <section
            className="govuk-!-margin-bottom-6"
            id="record"
            aria-labelledby="record-heading"
            data-testid="item-record"
          >
            <h2 className="govuk-heading-m" id="record-heading">
              Minutes, decisions and actions: item {recordItem.position}, {recordItem.caseReference}
            </h2>
            {items.length > 1 ? (
              <nav aria-label="Items of the agenda">
                <ul className="govuk-list app-inline-list">
                  {items.map((i) => (
                    <li key={i.id}>
                      {i.id === recordItem.id ? (
                        <span aria-current="true">Item {i.position}</span>
                      ) : (
                        <Link className="govuk-link" to={`/meetings/${meeting.id}?item=${i.id}#record`}>
                          Item {i.position}
                          <span className="govuk-visually-hidden">: {i.caseReference}</span>
                        </Link>
                      )}
                    </li>
                  ))}
                </ul>
              </nav>
            ) : null}
            <p className="govuk-body">
              <Link className="govuk-link" to={`/meetings/${meeting.id}/items/${recordItem.id}`}>
                Papers{meeting.family === "mappa" ? " and the risk management plan" : ""}
                <span className="govuk-visually-hidden"> for {recordItem.caseReference}</span>
              </Link>
            </p>
            <ItemRecord
              item={recordItem}
              writable
              owners={owners}
              errors={errors}
              values={result?.values}
              conflict={result && "conflict" in result ? result.conflict : null}
            />
          </section>
        ) : null}

        <h2 className="govuk-heading-m">Agenda</h2>
        {items.length ? (
          <table className="govuk-table" data-testid="agenda">
            <caption className="govuk-table__caption govuk-table__caption--s">
              {items.length} {items.length === 1 ? "case" : "cases"}, {agendaLength(items)} minutes
            </caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">
                  Item
                </th>
                <th scope="col" className="govuk-table__header">
                  Case
                </th>
                <th scope="col" className="govuk-table__header">
                  Priority
                </th>
                <th scope="col" className="govuk-table__header">
                  Time
                </th>
                {me.mayManage && planned ? (
                  <th scope="col" className="govuk-table__header">
                    Change
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {items.map((item, index) => (
                <tr className="govuk-table__row" key={item.id}>
                  <td className="govuk-table__cell">
                    {item.position}
                    {item.id === currentItemId ? (
                      <>
                        {" "}
                        <strong className="govuk-tag govuk-tag--blue">Now</strong>
                      </>
                    ) : null}
                  </td>
                  <td className="govuk-table__cell">
                    <Link className="govuk-link" to={`/meetings/${meeting.id}/items/${item.id}`}>
                      {item.caseReference}
                    </Link>
                    {me.isChair && meeting.status === "open" && item.id !== currentItemId ? (
                      <AppForm method="post" className="app-inline-form">
                        <input type="hidden" name="intent" value="advance" />
                        <input type="hidden" name="itemId" value={item.id} />
                        <button
                          type="submit"
                          className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                          data-module="govuk-button"
                        >
                          Move to this item<span className="govuk-visually-hidden"> ({item.caseReference})</span>
                        </button>
                      </AppForm>
                    ) : null}
                  </td>
                  <td className="govuk-table__cell">
                    {PRIORITY_LABELS[item.priority as AgendaPriority] ?? item.priority}
                  </td>
                  <td className="govuk-table__cell">{item.minutesAllowed} minutes</td>
                  {me.mayManage && planned ? (
                    <td className="govuk-table__cell">
                      <AgendaControls
                        meetingId={meeting.id}
                        itemId={item.id}
                        reference={item.caseReference}
                        minutes={item.minutesAllowed}
                        first={index === 0}
                        last={index === items.length - 1}
                      />
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="govuk-body">No cases on the agenda yet.</p>
        )}
        {meeting.agendaPublishedAt ? (
          <p className="govuk-body" data-testid="agenda-published">
            Agenda published {meeting.agendaPublishedAt}.{" "}
            <Link className="govuk-link" to={`/meetings/${meeting.id}/pack`}>
              Your papers
            </Link>
          </p>
        ) : null}
        {me.mayManage && planned && items.length ? (
          <AppForm method="post">
            <input type="hidden" name="intent" value="publish" />
            <p className="govuk-body">
              {meeting.agendaPublishedAt
                ? "If you have changed the agenda, publish it again to tell the invitees."
                : "Publishing the agenda tells each invitee that their papers are ready to read and download."}
            </p>
            <Button secondary>{meeting.agendaPublishedAt ? "Publish the agenda again" : "Publish the agenda"}</Button>
          </AppForm>
        ) : null}
        {me.mayManage && planned && items.length > 1 ? (
          <AppForm method="post">
            <input type="hidden" name="intent" value="agenda-reorder" />
            <Button secondary>Order by priority, oldest referral first</Button>
          </AppForm>
        ) : null}
        {arrange && planned ? (
          arrange.candidates.length ? (
            <AppForm method="post">
              <input type="hidden" name="intent" value="agenda-add" />
              <Checkboxes
                name="agenda"
                legend="Add cases to the agenda"
                hint="Accepted referrals waiting for a meeting and cases due for review"
                error={errors?.agenda}
                items={arrange.candidates.map((c) => ({
                  value: c.key,
                  text: `${c.caseReference}: ${PRIORITY_LABELS[c.priority]}`,
                  hint: c.reason,
                }))}
              />
              <Button secondary>Add to agenda</Button>
            </AppForm>
          ) : (
            <p className="govuk-body">No accepted referrals or reviews are waiting for a meeting.</p>
          )
        ) : null}

        <h2 className="govuk-heading-m">Members</h2>
        <MembersTable status={meeting.status} invitees={invitees} isChair={me.isChair} mayManage={me.mayManage} />
        {replies ? <MeetingReplies replies={replies} /> : null}
        {arrange && (meeting.status === "planned" || meeting.status === "open") && arrange.people.length ? (
          <AppForm method="post">
            <input type="hidden" name="intent" value="invite" />
            <Select
              name="userId"
              label="Invite a member"
              error={errors?.userId}
              emptyText="Choose a person"
              items={arrange.people.map((p) => ({ value: p.id, text: `${p.name} (${p.agency})` }))}
            />
            <Button secondary>Invite</Button>
          </AppForm>
        ) : null}

        {me.mayManage && planned ? (
          <AppForm method="post">
            <input type="hidden" name="intent" value="statement" />
            <TextArea
              name="statement"
              label="Edit the confidentiality statement"
              labelSize="m"
              error={errors?.statement}
              defaultValue={meeting.confidentialityStatement}
              rows={6}
            />
            <Button secondary>Save statement</Button>
          </AppForm>
        ) : null}
      </div>
    </div>
  );
}

/**
 * The members, their acknowledgement of the statement and their attendance (from presence while the meeting is
 * open). The chair corrects attendance; the chair or coordinator removes members before the minutes are signed off.
 */
function MembersTable({
  status,
  invitees,
  isChair,
  mayManage,
}: {
  status: string;
  invitees: InviteeView[];
  isChair: boolean;
  mayManage: boolean;
}) {
  const correct = isChair && (status === "open" || status === "closed");
  const remove = mayManage && status !== "finalised";
  return (
    <table className="govuk-table" data-testid="members">
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">
            Name
          </th>
          <th scope="col" className="govuk-table__header">
            Agency
          </th>
          <th scope="col" className="govuk-table__header">
            Statement
          </th>
          <th scope="col" className="govuk-table__header">
            Attendance
          </th>
          {correct || remove ? (
            <th scope="col" className="govuk-table__header">
              Change
            </th>
          ) : null}
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {invitees.map((i) => (
          <tr className="govuk-table__row" key={i.userId} data-testid={`member-${i.userId}`}>
            <td className="govuk-table__cell">
              {i.name}
              {i.isChair ? " (chair)" : ""}
            </td>
            <td className="govuk-table__cell">{i.agency}</td>
            <td className="govuk-table__cell">{i.acknowledged ? "Acknowledged" : "Not yet"}</td>
            <td className="govuk-table__cell" data-testid="attendance">
              {i.attendanceLabel}
            </td>
            {correct || remove ? (
              <td className="govuk-table__cell">
                <div className="app-inline-forms">
                  {correct ? (
                    <AppForm method="post" className="app-inline-form">
                      <input type="hidden" name="intent" value="attendance" />
                      <input type="hidden" name="userId" value={i.userId} />
                      <label className="govuk-label govuk-visually-hidden" htmlFor={`attendance-${i.userId}`}>
                        Attendance of {i.name}
                      </label>
                      <select
                        className="govuk-select govuk-!-margin-right-1"
                        id={`attendance-${i.userId}`}
                        name="attendance"
                        defaultValue={i.attendance ?? ""}
                        key={i.attendance ?? ""}
                      >
                        {i.attendance ? null : <option value="">Not yet seen</option>}
                        {ATTENDANCE.map((a) => (
                          <option key={a} value={a}>
                            {ATTENDANCE_LABELS[a]}
                          </option>
                        ))}
                      </select>
                      <button
                        type="submit"
                        className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                        data-module="govuk-button"
                      >
                        Record<span className="govuk-visually-hidden"> attendance of {i.name}</span>
                      </button>
                    </AppForm>
                  ) : null}
                  {remove && !i.isChair ? (
                    <AppForm method="post" className="app-inline-form">
                      <input type="hidden" name="intent" value="remove" />
                      <input type="hidden" name="userId" value={i.userId} />
                      <button
                        type="submit"
                        className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                        data-module="govuk-button"
                      >
                        Remove<span className="govuk-visually-hidden"> {i.name}</span>
                      </button>
                    </AppForm>
                  ) : null}
                </div>
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function AgendaControls(p: {
  meetingId: string;
  itemId: string;
  reference: string;
  minutes: number;
  first: boolean;
  last: boolean;
}) {
  const hidden = <span className="govuk-visually-hidden"> {p.reference}</span>;
  const small = "govuk-button govuk-button--secondary govuk-!-margin-bottom-1 govuk-!-margin-right-1";
  return (
    <div className="app-inline-forms">
      {!p.first ? (
        <AppForm method="post" className="app-inline-form">
          <input type="hidden" name="intent" value="agenda-move" />
          <input type="hidden" name="itemId" value={p.itemId} />
          <input type="hidden" name="direction" value="up" />
          <button type="submit" className={small} data-module="govuk-button">
            Move up{hidden}
          </button>
        </AppForm>
      ) : null}
      {!p.last ? (
        <AppForm method="post" className="app-inline-form">
          <input type="hidden" name="intent" value="agenda-move" />
          <input type="hidden" name="itemId" value={p.itemId} />
          <input type="hidden" name="direction" value="down" />
          <button type="submit" className={small} data-module="govuk-button">
            Move down{hidden}
          </button>
        </AppForm>
      ) : null}
      <AppForm method="post" className="app-inline-form">
        <input type="hidden" name="intent" value="agenda-remove" />
        <input type="hidden" name="itemId" value={p.itemId} />
        <button
          type="submit"
          className="govuk-button govuk-button--secondary govuk-!-margin-bottom-1"
          data-module="govuk-button"
        >
          Remove{hidden}
        </button>
      </AppForm>
      <AppForm method="post" className="app-inline-form">
        <input type="hidden" name="intent" value="agenda-time" />
        <input type="hidden" name="itemId" value={p.itemId} />
        <label className="govuk-label govuk-label--s" htmlFor={`minutesAllowed-${p.itemId}`}>
          Minutes for {p.reference}
        </label>
        <input
          className="govuk-input govuk-input--width-3"
          id={`minutesAllowed-${p.itemId}`}
          name="minutesAllowed"
          inputMode="numeric"
          defaultValue={p.minutes}
        />{" "}
        <button type="submit" className={small} data-module="govuk-button">
          Set time{hidden}
        </button>
      </AppForm>
    </div>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { SuccessBanner } from "~/components/success-banner";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { isWithheld } from "~/access/redact";
import { AppForm, Button, ErrorSummary, TextArea } from "~/components/forms";
import { ItemRecord } from "~/components/item-record";
import { pageTitle } from "~/components/page-title";
import { ReferralPaperView } from "~/components/referral-paper";
import { WithheldValue } from "~/components/withheld";
import { PRIORITY_LABELS, type AgendaPriority } from "~/domain/agenda";
import { PLAN_HEADINGS } from "~/domain/meeting-kinds";
import { formValues } from "~/forms/parse-form";
import { requireActor } from "~/services/current-user.server";
import { saveItemPlan, type PaperRecord } from "~/services/meeting-items.server";
import { advanceMeeting, meetingView } from "~/services/meetings.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `Item ${data.item.position}: ${data.item.caseReference}` : "Agenda item");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  // Papers for this one item only, built for this attendee through the gate at the meeting's purpose.
  const view = meetingView(actor, params.meetingId ?? "", { papers: { itemId: params.itemId ?? "" } });
  const item = view.items.find((i) => i.id === params.itemId);
  if (!item) throw new Response("Not Found", { status: 404 });
  const done = new URL(request.url).searchParams.get("done");
  return {
    meeting: view.meeting,
    me: view.me,
    item,
    items: view.items.map((i) => ({ id: i.id, position: i.position })),
    done: done && DONE[done as keyof typeof DONE] ? DONE[done as keyof typeof DONE] : null,
  };
}

const DONE = { plan: "Risk management plan saved" } as const;

type Errors = Record<string, string>;

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const meetingId = params.meetingId ?? "";
  const itemId = params.itemId ?? "";
  const values = formValues(await request.formData());
  const back = (done: keyof typeof DONE, hash: string) =>
    redirect(`/meetings/${meetingId}/items/${itemId}?done=${done}${hash}`);
  switch (values.intent) {
    case "plan": {
      const result = saveItemPlan(actor, meetingId, itemId, values);
      if (!result.ok) return data({ errors: result.errors, values }, { status: 400 });
      throw back("plan", "#plan");
    }
    case "advance": {
      advanceMeeting(actor, meetingId, itemId);
      throw redirect(`/meetings/${meetingId}/items/${itemId}`);
    }
    default:
      return data({ errors: { form: "Choose what to do" } as Errors, values }, { status: 400 });
  }
}

function Records({ title, records, empty }: { title: string; records: PaperRecord[]; empty: string }) {
  return (
    <>
      <h3 className="govuk-heading-s">{title}</h3>
      {records.length ? (
        <ul className="govuk-list">
          {records.map((r) => (
            <li key={r.id}>
              <strong>{r.line}</strong> ({r.ownerAgency}, {r.on})
              {r.detail === null ? null : isWithheld(r.detail) ? (
                <>
                  <br />
                  <WithheldValue value={r.detail} />
                </>
              ) : r.detail ? (
                <>
                  <br />
                  <span className="app-pre-line">{r.detail}</span>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="govuk-body">{empty}</p>
      )}
    </>
  );
}

export default function MeetingItem() {
  const { meeting, me, item, items, done } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors;
  const v = (result?.values ?? {}) as Record<string, string | string[] | undefined>;
  const text = (name: string) => (typeof v[name] === "string" ? (v[name] as string) : undefined);
  // The MAPPA plan is the chair's, written here (minutes, decisions and actions are written on the meeting page).
  const writable = !!me.acknowledgedAt && (meeting.status === "open" || meeting.status === "closed");
  const index = items.findIndex((i) => i.id === item.id);
  const next = items[index + 1];
  const papers = item.papers;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <Link to={`/meetings/${meeting.id}`} className="govuk-back-link">
          Back to the meeting
        </Link>
        <ErrorSummary errors={errors} />
        {done && !errors ? <SuccessBanner text={done} /> : null}
        <span className="govuk-caption-l">
          {meeting.title}: {meeting.statusLabel}
        </span>
        <h1 className="govuk-heading-l">
          Item {item.position}: {item.caseReference}
        </h1>
        <p className="govuk-body">
          {PRIORITY_LABELS[item.priority as AgendaPriority] ?? item.priority}, {item.minutesAllowed} minutes.{" "}
          {item.id === meeting.currentItemId ? (
            <strong className="govuk-tag govuk-tag--blue">Now discussing</strong>
          ) : null}
        </p>
        {me.isChair && meeting.status === "open" ? (
          <div className="govuk-button-group">
            {item.id !== meeting.currentItemId ? (
              <AppForm method="post">
                <input type="hidden" name="intent" value="advance" />
                <Button>Move the meeting to this item</Button>
              </AppForm>
            ) : null}
            {next ? (
              <AppForm method="post" action={`/meetings/${meeting.id}/items/${next.id}`}>
                <input type="hidden" name="intent" value="advance" />
                <Button secondary>Move to the next item</Button>
              </AppForm>
            ) : null}
          </div>
        ) : null}

        {!me.acknowledgedAt ? (
          <div className="govuk-inset-text">
            Acknowledge the confidentiality statement on the{" "}
            <Link className="govuk-link" to={`/meetings/${meeting.id}`}>
              meeting page
            </Link>{" "}
            to see the papers and minutes.
          </div>
        ) : (
          <>
            <h2 className="govuk-heading-m" id="papers">
              Papers
            </h2>
            {papers ? (
              <div data-testid="papers">
                <p className="govuk-body-s">
                  What you may see of this case. Victims&apos; contact details are never shown at a meeting.
                </p>
                {papers.referral ? <ReferralPaperView referral={papers.referral} /> : null}
                <h3 className="govuk-heading-s">Risk picture</h3>
                {papers.riskPicture.length ? (
                  <ul className="govuk-list">
                    {papers.riskPicture.map((r) => (
                      <li key={r.recordId}>
                        {r.instrument} ({r.ownerAgency}): <strong>{r.riskLevelLabel}</strong>
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p className="govuk-body">No signed-off risk assessments you may see.</p>
                )}
                <Records title="Recent incidents" records={papers.incidents} empty="No incidents you may see." />
                <Records title="Orders" records={papers.orders} empty="No orders you may see." />
                <Records title="Breaches" records={papers.breaches} empty="No breaches you may see." />
                <Records
                  title="Information from agencies"
                  records={papers.notes}
                  empty="No other information you may see."
                />
                <Records title="Documents" records={papers.documents} empty="No documents you may see." />
                <h3 className="govuk-heading-s">Open actions</h3>
                {papers.openActions.length ? (
                  <ul className="govuk-list">
                    {papers.openActions.map((a) => (
                      <li key={a.id}>
                        {a.text}: {a.owner}, due {a.due}
                        {a.overdue ? (
                          <strong className="govuk-tag govuk-tag--red govuk-!-margin-left-1">Overdue</strong>
                        ) : null}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p className="govuk-body">No open actions.</p>
                )}
              </div>
            ) : (
              <p className="govuk-body">You may not see the papers for this case.</p>
            )}

            <p className="govuk-body">
              <Link className="govuk-link" to={`/meetings/${meeting.id}/items/${item.id}/outcome`}>
                {meeting.family === "mappa"
                  ? "Level, category and disclosure decisions"
                  : "The clinic's recommendations"}
                <span className="govuk-visually-hidden"> for {item.caseReference}</span>
              </Link>
            </p>

            <h2 className="govuk-heading-m">Minutes, decisions and actions</h2>
            <ItemRecord item={item} writable={false} writeHref={`/meetings/${meeting.id}?item=${item.id}#record`} />

            {item.plan ? (
              <>
                <h2 className="govuk-heading-m" id="plan">
                  Risk management plan
                </h2>
                {me.isChair && writable ? (
                  <AppForm method="post">
                    <input type="hidden" name="intent" value="plan" />
                    {PLAN_HEADINGS.map(([key, label]) => (
                      <TextArea
                        key={key}
                        name={key}
                        label={label}
                        labelSize="s"
                        error={errors?.[key]}
                        defaultValue={text(key) ?? item.plan![key]}
                        rows={3}
                      />
                    ))}
                    <Button secondary>Save plan</Button>
                  </AppForm>
                ) : (
                  <dl className="govuk-summary-list">
                    {PLAN_HEADINGS.map(([key, label]) => (
                      <div className="govuk-summary-list__row" key={key}>
                        <dt className="govuk-summary-list__key">{label}</dt>
                        <dd className="govuk-summary-list__value app-pre-line">
                          {item.plan![key] || "Not recorded yet"}
                        </dd>
                      </div>
                    ))}
                  </dl>
                )}
              </>
            ) : null}
          </>
        )}
      </div>
    </div>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { SuccessBanner } from "~/components/success-banner";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AppForm, Button, ErrorSummary, Select, TextInput } from "~/components/forms";
import { mayDownloadMinutes } from "~/access/minutes-download";
import { MinutesDownloads } from "~/components/minutes-downloads";
import { DisclosuresTable } from "~/components/meeting-disclosures";
import { pageTitle } from "~/components/page-title";
import { PLAN_HEADINGS } from "~/domain/meeting-kinds";
import { formValues } from "~/forms/parse-form";
import { requireActor } from "~/services/current-user.server";
import { finaliseMinutes, minutesRecord, shareMinutes } from "~/services/meetings.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `Minutes: ${data.minutes.meeting.title}` : "Minutes");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const minutes = minutesRecord(actor, params.meetingId ?? "");
  const done = new URL(request.url).searchParams.get("done");
  return {
    minutes,
    done:
      done === "finalised"
        ? "Minutes signed off"
        : done === "shared"
          ? "Minutes shared with the chair's agreement recorded"
          : null,
  };
}

type Errors = Record<string, string>;

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const meetingId = params.meetingId ?? "";
  const values = formValues(await request.formData());
  if (values.intent === "finalise") {
    const result = finaliseMinutes(actor, meetingId);
    if (!result.ok) return data({ errors: result.errors as Errors, values }, { status: 400 });
    throw redirect(`/meetings/${meetingId}/minutes?done=finalised`);
  }
  if (values.intent === "share") {
    const result = shareMinutes(actor, meetingId, values);
    if (!result.ok) return data({ errors: result.errors as Errors, values: result.values }, { status: 400 });
    throw redirect(`/meetings/${meetingId}/minutes?done=shared`);
  }
  return data({ errors: { form: "Choose what to do" } as Errors, values }, { status: 400 });
}

export default function Minutes() {
  const { minutes, done } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors;
  const v = (result?.values ?? {}) as Record<string, string | string[] | undefined>;
  const text = (name: string) => (typeof v[name] === "string" ? (v[name] as string) : undefined);
  const { meeting, items } = minutes;
  // Finalise errors name items (plan-<id>, level-<id>): each links to where it is recorded.
  const perItem = (k: string) => k.startsWith("plan-") || k.startsWith("level-");
  const fixHref = (k: string) =>
    k.startsWith("plan-")
      ? `/meetings/${meeting.id}/items/${k.slice(5)}#plan`
      : `/meetings/${meeting.id}/items/${k.slice(6)}/outcome`;
  const summary = errors
    ? Object.fromEntries(
        Object.entries(errors)
          .filter(([k]) => !perItem(k))
          .concat(
            Object.keys(errors).some(perItem) ? [["form", "Record what is missing below before signing off"]] : [],
          ),
      )
    : undefined;
  const { structure } = minutes;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <Link to={minutes.isMember ? `/meetings/${meeting.id}` : "/meetings"} className="govuk-back-link">
          Back
        </Link>
        <ErrorSummary errors={summary} fieldOrder={["toUserId", "purpose"]} />
        {errors && Object.keys(errors).some(perItem) ? (
          <ul className="govuk-list govuk-error-message" data-testid="sign-off-missing">
            {Object.entries(errors)
              .filter(([k]) => perItem(k))
              .map(([k, m]) => (
                <li key={k}>
                  <Link className="govuk-link" to={fixHref(k)}>
                    {m}
                  </Link>
                </li>
              ))}
          </ul>
        ) : null}
        {done && !errors ? <SuccessBanner text={done} /> : null}
        <p className="govuk-body">
          <strong className="govuk-tag govuk-tag--red" data-testid="marking">
            OFFICIAL-SENSITIVE
          </strong>
        </p>
        <span className="govuk-caption-l">{meeting.kindLabel}</span>
        <h1 className="govuk-heading-l">Minutes: {meeting.title}</h1>
        <dl className="govuk-summary-list">
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">When</dt>
            <dd className="govuk-summary-list__value">{meeting.when}</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Chair</dt>
            <dd className="govuk-summary-list__value">{meeting.chair}</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Status</dt>
            <dd className="govuk-summary-list__value" data-testid="minutes-status">
              {meeting.statusLabel}
              {meeting.finalisedAt ? `, signed off ${meeting.finalisedAt}` : ""}
            </dd>
          </div>
        </dl>
        {mayDownloadMinutes(meeting) ? <MinutesDownloads meetingId={meeting.id} title={meeting.title} /> : null}
        <div className="govuk-inset-text">
          <h2 className="govuk-heading-s">Confidentiality statement</h2>
          <p className="govuk-body app-pre-line">{meeting.confidentialityStatement}</p>
        </div>

        <h2 className="govuk-heading-m">Attendance</h2>
        <div data-testid="attendance">
          <People id="present" heading="Present" people={structure.present} empty="No one was recorded as present." />
          <People id="apologies" heading="Apologies" people={structure.apologies} empty="No apologies." />
          <People id="absent" heading="Absent" people={structure.absent} empty="No one was absent." />
        </div>

        {items.map((item) => (
          <section key={item.id} className="govuk-!-margin-bottom-6" aria-labelledby={`item-${item.id}`}>
            <h2 className="govuk-heading-m" id={`item-${item.id}`}>
              Item {item.position}: {item.caseReference}
            </h2>
            <ItemOutcome
              outcome={item.outcome}
              meetingId={meeting.id}
              itemId={item.id}
              editable={minutes.isMember && (meeting.status === "open" || meeting.status === "closed")}
            />
            <h3 className="govuk-heading-s">Discussion</h3>
            <p className="govuk-body app-pre-line">{item.minutes || "No minutes recorded."}</p>
            {item.plan ? (
              <>
                <h3 className="govuk-heading-s">Risk management plan</h3>
                <dl className="govuk-summary-list">
                  {PLAN_HEADINGS.map(([key, label]) => (
                    <div className="govuk-summary-list__row" key={key}>
                      <dt className="govuk-summary-list__key">{label}</dt>
                      <dd className="govuk-summary-list__value app-pre-line">{item.plan![key] || "Not recorded"}</dd>
                    </div>
                  ))}
                </dl>
              </>
            ) : null}
            <h3 className="govuk-heading-s">Decisions</h3>
            {item.decisions.length ? (
              <ul className="govuk-list govuk-list--bullet">
                {item.decisions.map((d) => (
                  <li key={d.id}>{d.text}</li>
                ))}
              </ul>
            ) : (
              <p className="govuk-body">None.</p>
            )}
            <h3 className="govuk-heading-s">Actions</h3>
            {item.actions.length ? (
              <ul className="govuk-list govuk-list--bullet">
                {item.actions.map((a) => (
                  <li key={a.id}>
                    {a.text}: {a.owner}, due {a.due}
                    {a.status === "done" ? " (done)" : ""}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="govuk-body">None.</p>
            )}
            {item.outcome.family === "mappa" ? (
              <Disclosures outcome={item.outcome} />
            ) : (
              <Recommendations text={item.outcome.recommendations} />
            )}
          </section>
        ))}

        <h2 className="govuk-heading-m">Distribution list</h2>
        <p className="govuk-body">
          These minutes go to the people below and no further without the chair&apos;s agreement.
        </p>
        <ul className="govuk-list govuk-list--bullet" data-testid="distribution">
          {structure.distribution.map((d) => (
            <li key={`${d.name}-${d.agency}`}>
              {d.name}, {d.agency}
            </li>
          ))}
        </ul>

        {minutes.isChair && meeting.status === "closed" ? (
          <AppForm method="post">
            <input type="hidden" name="intent" value="finalise" />
            <p className="govuk-body">Signing off makes the minutes final: they can no longer be changed.</p>
            <Button>Sign off the minutes</Button>
          </AppForm>
        ) : null}

        {minutes.isChair && meeting.status === "finalised" ? (
          <>
            <h2 className="govuk-heading-m">Share the minutes</h2>
            <p className="govuk-body">Sharing beyond the attendees needs your agreement as chair; it is recorded.</p>
            {minutes.shares.length ? (
              <ul className="govuk-list govuk-list--bullet" data-testid="shares">
                {minutes.shares.map((s) => (
                  <li key={s.id}>
                    {s.to}: {s.purpose} ({s.when})
                  </li>
                ))}
              </ul>
            ) : null}
            <AppForm method="post">
              <input type="hidden" name="intent" value="share" />
              <Select
                name="toUserId"
                label="Share with"
                error={errors?.toUserId}
                emptyText="Choose a person"
                value={text("toUserId")}
                items={minutes.sharePeople.map((p) => ({ value: p.id, text: `${p.name} (${p.agency})` }))}
              />
              <TextInput
                name="purpose"
                label="Why they need the minutes"
                error={errors?.purpose}
                defaultValue={text("purpose")}
                maxLength={500}
              />
              <Button secondary>Share with my agreement as chair</Button>
            </AppForm>
          </>
        ) : null}
      </div>
    </div>
  );
}

type Structure = ReturnType<typeof useLoaderData<typeof loader>>["minutes"]["structure"];
type Outcome = ReturnType<typeof useLoaderData<typeof loader>>["minutes"]["items"][number]["outcome"];

function People({
  id,
  heading,
  people,
  empty,
}: {
  id: string;
  heading: string;
  people: Structure["present"];
  empty: string;
}) {
  return (
    <>
      <h3 className="govuk-heading-s">{heading}</h3>
      {people.length ? (
        <table className="govuk-table" data-testid={`attendance-${id}`}>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Name
              </th>
              <th scope="col" className="govuk-table__header">
                Agency
              </th>
              <th scope="col" className="govuk-table__header">
                Role
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {people.map((p) => (
              <tr className="govuk-table__row" key={p.userId}>
                <td className="govuk-table__cell">{p.name}</td>
                <td className="govuk-table__cell">{p.agency}</td>
                <td className="govuk-table__cell">
                  {p.role}
                  {p.note ? `. ${p.note}` : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="govuk-body">{empty}</p>
      )}
    </>
  );
}

function ItemOutcome({
  outcome,
  meetingId,
  itemId,
  editable,
}: {
  outcome: Outcome;
  meetingId: string;
  itemId: string;
  editable: boolean;
}) {
  return (
    <dl className="govuk-summary-list">
      <div className="govuk-summary-list__row">
        <dt className="govuk-summary-list__key">Offender</dt>
        <dd className="govuk-summary-list__value">
          {outcome.offender
            ? [outcome.offender.name, ...outcome.offender.identifiers.map((i) => `${i.label} ${i.value}`)].join(", ")
            : "Not shown to you"}
        </dd>
      </div>
      <div className="govuk-summary-list__row">
        <dt className="govuk-summary-list__key">Risk level</dt>
        <dd className="govuk-summary-list__value">{outcome.riskLevel ?? "Not recorded"}</dd>
      </div>
      {outcome.family === "mappa" ? (
        <>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Level and category</dt>
            <dd className="govuk-summary-list__value">
              {outcome.levelConfirmed !== null
                ? `Level ${outcome.levelConfirmed}, category ${outcome.categoryConfirmed}, confirmed by the panel`
                : "Not confirmed"}
              {editable ? (
                <>
                  {" "}
                  <Link className="govuk-link" to={`/meetings/${meetingId}/items/${itemId}/outcome`}>
                    Record<span className="govuk-visually-hidden"> the level, category and disclosures</span>
                  </Link>
                </>
              ) : null}
            </dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Next review</dt>
            <dd className="govuk-summary-list__value">
              {outcome.nextReview
                ? outcome.nextReview.onText
                  ? `${outcome.nextReview.onText} (${outcome.nextReview.text})`
                  : outcome.nextReview.text
                : "Set when the level is confirmed"}
            </dd>
          </div>
        </>
      ) : null}
    </dl>
  );
}

function Disclosures({ outcome }: { outcome: Outcome }) {
  return (
    <>
      <h3 className="govuk-heading-s">Disclosure decisions</h3>
      {outcome.disclosures.length ? (
        <DisclosuresTable disclosures={outcome.disclosures} testId="minutes-disclosures" />
      ) : (
        <p className="govuk-body">None.</p>
      )}
    </>
  );
}

function Recommendations({ text }: { text: string }) {
  return (
    <>
      <h3 className="govuk-heading-s">Clinic recommendations</h3>
      <p className="govuk-body app-pre-line">{text || "None recorded."}</p>
    </>
  );
}

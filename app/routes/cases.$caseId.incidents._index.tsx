import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { SuccessBanner } from "~/components/success-banner";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { isWithheld } from "~/access/redact";
import { CaseHeader } from "~/components/case-header";
import { ChargingDeadlinePanel } from "~/components/charging-deadlines";
import { BEHAVIOUR_CHOICES } from "~/components/incident-form";
import { AppForm, Button, Select } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { Pagination, withPage } from "~/components/pagination";
import { WithheldValue } from "~/components/withheld";
import { formatDateTime } from "~/domain/dates";
import { requireActor } from "~/services/current-user.server";
import {
  incidentTimelinePage,
  linkCourseOfConduct,
  timelineQuery,
  type TimelineItem,
} from "~/services/incidents.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `Course of conduct: case ${data.case.reference}` : "Course of conduct");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const url = new URL(request.url);
  return {
    ...incidentTimelinePage(actor, params.caseId ?? "", timelineQuery(url.searchParams)),
    linked: url.searchParams.get("linked") === "1",
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  // The one action here: link the incidents into one course of conduct (refused with a 404 to anyone who may not).
  linkCourseOfConduct(actor, params.caseId ?? "");
  throw redirect(`/cases/${encodeURIComponent(params.caseId ?? "")}/incidents?linked=1`);
}

function IncidentItem({ v, caseId, headingLevel }: { v: TimelineItem; caseId: string; headingLevel: 3 | 4 }) {
  const Heading = headingLevel === 3 ? "h3" : "h4";
  return (
    <div className="moj-timeline__item" data-testid="incident">
      <div className="moj-timeline__header">
        <Heading className="moj-timeline__title">{v.title}</Heading>
        <p className="moj-timeline__byline">{`by ${v.recordedBy}`}</p>
      </div>
      <p className="moj-timeline__date">
        <time dateTime={v.occurredAt}>{v.when}</time>
      </p>
      <div className="moj-timeline__description">
        {v.linked ? (
          <p className="govuk-body">
            <strong className="govuk-tag govuk-tag--green">Part of the course of conduct</strong>
          </p>
        ) : null}
        {isWithheld(v.detail) ? (
          <>
            <p className="govuk-body">{v.detail.summary}</p>
            <p className="govuk-body">
              Details: <WithheldValue value={v.detail} requestHref={`/records/${v.id}/request-access`} />
            </p>
          </>
        ) : (
          <dl className="govuk-summary-list govuk-summary-list--no-border">
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Behaviours</dt>
              <dd className="govuk-summary-list__value">
                <ul className="govuk-list app-tag-list">
                  {v.detail.behaviours.map((b) => (
                    <li key={b.code}>
                      <strong className="govuk-tag govuk-tag--blue">{b.label}</strong>
                    </li>
                  ))}
                </ul>
              </dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">FOUR indicators</dt>
              <dd className="govuk-summary-list__value">
                {v.detail.four.length ? v.detail.four.join(", ") : "None recorded"}
              </dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Reported by</dt>
              <dd className="govuk-summary-list__value">{v.detail.source}</dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Crime reference</dt>
              <dd className="govuk-summary-list__value" data-testid="crime-reference">
                {v.detail.crimeReference ?? "None recorded"}
              </dd>
            </div>
            {v.detail.offences.length ? (
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Offences</dt>
                <dd className="govuk-summary-list__value" data-testid="incident-offences">
                  {v.detail.offences.join("; ")}
                </dd>
              </div>
            ) : null}
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">What happened</dt>
              <dd className="govuk-summary-list__value app-record-text" data-testid="description">
                {v.detail.description}
              </dd>
            </div>
            {v.caveats.length ? (
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Handling</dt>
                <dd className="govuk-summary-list__value">{v.caveats.join(", ")}</dd>
              </div>
            ) : null}
          </dl>
        )}
        {v.canEdit ? (
          <p className="govuk-body">
            <Link className="govuk-link" to={`/cases/${caseId}/incidents/${v.id}`}>
              Change<span className="govuk-visually-hidden">{` incident: ${v.title}`}</span>
            </Link>
          </p>
        ) : null}
      </div>
    </div>
  );
}

export default function CourseOfConduct() {
  const {
    case: c,
    query,
    incidents,
    groups,
    shown,
    pattern,
    linkPrompt,
    courseLinkedAt,
    canRecord,
    deadlines,
    linked,
  } = useLoaderData<typeof loader>();
  const { search } = useLocation();
  const behaviourLabel = BEHAVIOUR_CHOICES.find((b) => b.value === query.behaviour)?.text;
  return (
    <>
      {linked ? <SuccessBanner text="The incidents are linked into one course of conduct" /> : null}
      <CaseHeader c={c} title="Course of conduct" />

      {linkPrompt ? (
        <div
          className="govuk-notification-banner"
          role="region"
          aria-labelledby="link-prompt-title"
          data-module="govuk-notification-banner"
          data-testid="link-prompt"
        >
          <div className="govuk-notification-banner__header">
            <h2 className="govuk-notification-banner__title" id="link-prompt-title">
              Important
            </h2>
          </div>
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading">
              These {linkPrompt.incidents} incidents were recorded under {linkPrompt.crimeReports} separate crime
              reports. Stalking is a course of conduct: link them into one course of conduct?
            </p>
            <AppForm method="post">
              <Button>Link into one course of conduct</Button>
            </AppForm>
          </div>
        </div>
      ) : null}

      <ChargingDeadlinePanel deadlines={deadlines} />

      {courseLinkedAt ? (
        <p className="govuk-body">
          The incidents on this case were linked into one course of conduct on {formatDateTime(courseLinkedAt)}. New
          incidents are linked as they are recorded.
        </p>
      ) : null}

      {canRecord ? (
        <div className="govuk-button-group">
          <Link to={`/cases/${c.id}/incidents/new`} className="govuk-button" data-module="govuk-button">
            Record an incident
          </Link>
        </div>
      ) : null}

      <p className="govuk-body">
        Download the chronology (incidents, orders and signed-off risk judgements, as you may see them):{" "}
        <a className="govuk-link" href={`/cases/${c.id}/chronology.csv`} download>
          CSV
        </a>{" "}
        or{" "}
        <a className="govuk-link" href={`/cases/${c.id}/chronology.pdf`} download>
          PDF
        </a>
      </p>

      <h2 className="govuk-heading-m">The pattern</h2>
      {pattern ? (
        <dl className="govuk-summary-list" data-testid="pattern">
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Incidents</dt>
            <dd className="govuk-summary-list__value" data-testid="pattern-count">
              {pattern.count}
            </dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Span</dt>
            <dd className="govuk-summary-list__value">
              {pattern.first === pattern.latest ? pattern.first : `${pattern.first} to ${pattern.latest}`}
            </dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Crime reports</dt>
            <dd className="govuk-summary-list__value" data-testid="pattern-crime-reports">
              {pattern.crimeReports}
            </dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Behaviours</dt>
            <dd className="govuk-summary-list__value">
              <ul className="govuk-list" data-testid="pattern-behaviours">
                {pattern.behaviours.map((b) => (
                  <li key={b.code}>
                    {b.label}: {b.count}
                  </li>
                ))}
              </ul>
            </dd>
          </div>
        </dl>
      ) : (
        <p className="govuk-body">No incidents you can see have been recorded on this case.</p>
      )}

      <h2 className="govuk-heading-m">Incidents</h2>
      <Form method="get" className="app-filter-form" aria-label="Filter incidents">
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-third">
            <Select
              name="behaviour"
              label="Behaviour"
              value={query.behaviour ?? ""}
              emptyText="All behaviours"
              items={BEHAVIOUR_CHOICES}
            />
          </div>
          <div className="govuk-grid-column-one-third">
            <Select
              name="order"
              label="Order"
              value={query.order}
              items={[
                { value: "newest", text: "Newest first" },
                { value: "oldest", text: "Oldest first" },
              ]}
            />
          </div>
          <div className="govuk-grid-column-one-third">
            <Select
              name="view"
              label="Show"
              value={query.view}
              items={[
                { value: "timeline", text: "As one timeline" },
                { value: "crime_reference", text: "Grouped by crime report" },
              ]}
            />
          </div>
        </div>
        <Button secondary>Apply</Button>
      </Form>
      {query.behaviour ? (
        <p className="govuk-body" data-testid="filter-summary">
          Showing {shown.total} {shown.total === 1 ? "incident" : "incidents"} with the behaviour “{behaviourLabel}”.{" "}
          <Link className="govuk-link" to={`/cases/${c.id}/incidents`}>
            Show all incidents
          </Link>
        </p>
      ) : null}
      {shown.total === 0 && pattern ? <p className="govuk-body">No incidents match.</p> : null}
      {shown.pages > 1 ? (
        <p className="govuk-body" data-testid="incidents-shown">
          Showing incidents {shown.from} to {shown.to} of {shown.total}
        </p>
      ) : null}
      {groups ? (
        groups.map((g) => (
          <section key={g.label} aria-labelledby={`group-${g.label.replace(/[^A-Za-z0-9]/g, "-")}`}>
            <h3 className="govuk-heading-s" id={`group-${g.label.replace(/[^A-Za-z0-9]/g, "-")}`}>
              {g.label} ({g.total === g.incidents.length ? g.total : `${g.incidents.length} of ${g.total} on this page`}
              )
            </h3>
            <div className="moj-timeline">
              {g.incidents.map((v) => (
                <IncidentItem key={v.id} v={v} caseId={c.id} headingLevel={4} />
              ))}
            </div>
          </section>
        ))
      ) : (
        <div className="moj-timeline">
          {incidents.map((v) => (
            <IncidentItem key={v.id} v={v} caseId={c.id} headingLevel={3} />
          ))}
        </div>
      )}
      <Pagination
        page={shown.page}
        pages={shown.pages}
        hrefFor={(p) => withPage(search, p)}
        label="Pages of incidents"
      />
    </>
  );
}

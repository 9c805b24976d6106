import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { isWithheld } from "~/access/redact";
import { CaseHeader } from "~/components/case-header";
import { ChargingDeadlinePanel } from "~/components/charging-deadlines";
import { pageTitle } from "~/components/page-title";
import { doneText, SuccessBanner } from "~/components/success-banner";
import { WithheldValue } from "~/components/withheld";
import { CASE_FLAG_LABELS } from "~/domain/case-lifecycle";
import {
  CASE_STATUS_LABELS,
  CLOSING_REASON_LABELS,
  MOTIVATION_LABELS,
  RELATIONSHIP_LABELS,
  type ClosingReason,
  type Motivation,
  type Relationship,
} from "~/domain/case-vocabulary";
import { formatDate, formatDateTime } from "~/domain/dates";
import { caseOverviewOrEmergencyAccess } from "~/services/break-glass.server";
import { requireActor } from "~/services/current-user.server";
import { caseChargingDeadlines } from "~/services/offences.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data ? `Case ${data.case.reference}` : "Case");

const DONE = {
  created: "Case created. Add the victim and the perpetrator next",
  status: "Status changed",
  details: "Case details changed",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const overview = caseOverviewOrEmergencyAccess(actor, params.caseId ?? "");
  // Last days to charge, only for those who may read the offences (filtered in SQL by the offences service).
  const chargingDeadlines = caseChargingDeadlines(actor, overview.case.id);
  return { ...overview, chargingDeadlines, done: doneText(request, DONE) };
}

function Row({
  label,
  children,
  action,
}: {
  label: string;
  children: ReactNode;
  action?: { href: string; text: string } | null;
}) {
  return (
    <div className={`govuk-summary-list__row${action ? "" : " govuk-summary-list__row--no-actions"}`}>
      <dt className="govuk-summary-list__key">{label}</dt>
      <dd className="govuk-summary-list__value">{children}</dd>
      {action ? (
        <dd className="govuk-summary-list__actions">
          <Link className="govuk-link" to={action.href}>
            {action.text}
            <span className="govuk-visually-hidden"> {label.toLowerCase()}</span>
          </Link>
        </dd>
      ) : null}
    </div>
  );
}

export default function CasePage() {
  const {
    case: c,
    team,
    parties,
    records,
    recordsTotal,
    viaBreakGlass,
    canSeeAccessLog,
    canUpdate,
    canAddNote,
    done,
  } = useLoaderData<typeof loader>();
  const flags = [
    c.flags.domesticAbuse && CASE_FLAG_LABELS.domestic_abuse,
    c.flags.online && CASE_FLAG_LABELS.online,
    c.flags.policePerpetrated && CASE_FLAG_LABELS.police_perpetrated,
  ].filter(Boolean);
  const { chargingDeadlines } = useLoaderData<typeof loader>();
  const detailsAction = canUpdate ? { href: `/cases/${c.id}/details`, text: "Change" } : null;
  return (
    <>
      {viaBreakGlass ? (
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            You are viewing this case with emergency access. Every view is recorded and will be reviewed.
          </strong>
        </div>
      ) : null}
      <SuccessBanner text={done} />
      <CaseHeader c={c} />
      <ChargingDeadlinePanel deadlines={chargingDeadlines} />
      {c.referredForCharging ? (
        <p className="govuk-body">
          <strong className="govuk-tag govuk-tag--purple">Referred for charging</strong>
        </p>
      ) : null}
      {canAddNote ? (
        <div className="govuk-button-group">
          <Link to={`/cases/${c.id}/notes/new`} className="govuk-button govuk-button--secondary">
            Add a note
          </Link>
        </div>
      ) : null}
      {canSeeAccessLog ? (
        <p className="govuk-body">
          <Link className="govuk-link" to={`/cases/${c.id}/access-log`}>
            Who has seen this case
          </Link>
        </p>
      ) : null}

      <h2 className="govuk-heading-m">Case details</h2>
      <dl className="govuk-summary-list" data-testid="case-details">
        <Row label="Status" action={canUpdate ? { href: `/cases/${c.id}/status`, text: "Change" } : null}>
          {CASE_STATUS_LABELS[c.status]}
          {c.status === "closed" ? (
            <>
              {c.closingReason ? `: ${CLOSING_REASON_LABELS[c.closingReason as ClosingReason] ?? c.closingReason}` : ""}
              {c.closedAt ? ` (closed ${formatDate(c.closedAt)})` : ""}
            </>
          ) : null}
        </Row>
        <Row label="Lead agency">{c.leadAgency}</Row>
        <Row label="Officer in the case">{c.officers.length ? c.officers.join(", ") : "None named yet"}</Row>
        <Row label="Relationship to the victim" action={detailsAction}>
          {c.relationship ? (RELATIONSHIP_LABELS[c.relationship as Relationship] ?? c.relationship) : "Not recorded"}
        </Row>
        <Row label="Perpetrator motivation" action={detailsAction}>
          {MOTIVATION_LABELS[c.motivation as Motivation] ?? c.motivation}
        </Row>
        <Row label="Flags" action={detailsAction}>
          {flags.length ? flags.join(", ") : "None"}
        </Row>
        <Row label="Priority">
          {c.priority === "raised" ? `Raised${c.priorityReason ? `: ${c.priorityReason}` : ""}` : "Standard"}
        </Row>
        <Row label="Created">{formatDate(c.createdAt)}</Row>
      </dl>

      <h2 className="govuk-heading-m">People</h2>
      {parties.length === 0 ? (
        <p className="govuk-body">No victim or perpetrator has been recorded yet.</p>
      ) : (
        <ul className="govuk-list" data-testid="parties">
          {parties.map((p) => (
            <li key={`${p.personId}-${p.partyRole}`}>
              {p.name} ({p.partyRole === "victim" ? "victim" : "perpetrator or suspect"})
            </li>
          ))}
        </ul>
      )}
      <p className="govuk-body">
        <Link className="govuk-link" to={`/cases/${c.id}/people`}>
          {canUpdate ? "View or add people" : "View people"}
        </Link>
      </p>

      <h2 className="govuk-heading-m">Case team</h2>
      <ul className="govuk-list" data-testid="team">
        {team.map((m) => (
          <li key={m.userId}>
            {m.name}, {m.roleLabel} ({m.agency})
          </li>
        ))}
      </ul>
      <p className="govuk-body">
        <Link className="govuk-link" to={`/cases/${c.id}/team`}>
          {canUpdate ? "Manage the case team" : "View the case team"}
        </Link>
      </p>

      <h2 className="govuk-heading-m">Recent information</h2>
      {records.length === 0 ? <p className="govuk-body">There is no information on this case for you to see.</p> : null}
      {recordsTotal > records.length ? (
        <p className="govuk-body" data-testid="records-shown">
          The {records.length} most recent of {recordsTotal} pieces of information you can see. Each section of the case
          lists its own in full.
        </p>
      ) : null}
      {records.map((r) => (
        <div className="govuk-summary-card" key={r.id} data-testid="record">
          <div className="govuk-summary-card__title-wrapper">
            <h3 className="govuk-summary-card__title">{r.title}</h3>
            {r.canShare ? (
              <ul className="govuk-summary-card__actions">
                <li className="govuk-summary-card__action">
                  <Link className="govuk-link" to={`/records/${r.id}/share`}>
                    Share<span className="govuk-visually-hidden"> {r.title}</span>
                  </Link>
                </li>
              </ul>
            ) : null}
          </div>
          <div className="govuk-summary-card__content">
            <dl className="govuk-summary-list">
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Kind of information</dt>
                <dd className="govuk-summary-list__value">{r.categoryLabel}</dd>
              </div>
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Summary</dt>
                <dd className="govuk-summary-list__value">{r.summary}</dd>
              </div>
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Details</dt>
                <dd className="govuk-summary-list__value">
                  {isWithheld(r.body) ? (
                    <WithheldValue value={r.body} requestHref={`/records/${r.id}/request-access`} />
                  ) : (
                    <span className="app-record-text">{String(r.body.text ?? "")}</span>
                  )}
                </dd>
              </div>
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Recorded by</dt>
                <dd className="govuk-summary-list__value">
                  {r.level === "full" ? `${r.author}, ` : ""}
                  {r.ownerAgency}, {formatDateTime(r.updatedAt)}
                </dd>
              </div>
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Handling</dt>
                <dd className="govuk-summary-list__value">
                  {r.marking}
                  {r.caveats.length ? `; ${r.caveats.join(", ")}` : ""}
                </dd>
              </div>
            </dl>
          </div>
        </div>
      ))}
    </>
  );
}

import { Link } from "@remix-run/react";
import type { HomeAssessment } from "~/services/risk-assessment-views.server";

/** Home-page lists of risk assessments: waiting for the supervisor's countersignature, and reviews overdue. */
export function RiskHomeSections({ awaiting, overdue, isSupervisor }: { awaiting: HomeAssessment[]; overdue: HomeAssessment[]; isSupervisor: boolean }) {
  return (
    <>
      {isSupervisor ? (
        <>
          <h2 className="govuk-heading-m">Assessments to countersign</h2>
          <p className="govuk-body">
            <Link className="govuk-link" to="/countersign">
              Waiting for your countersignature
            </Link>
          </p>
          {awaiting.length === 0 ? (
            <p className="govuk-body">None waiting.</p>
          ) : (
            <ul className="govuk-list" data-testid="awaiting-countersign">
              {awaiting.map((a) => (
                <li key={a.recordId}>
                  <Link className="govuk-link" to={a.href}>
                    {a.instrument} on case {a.caseReference}
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </>
      ) : null}
      {overdue.length ? (
        <>
          <h2 className="govuk-heading-m">Risk reviews overdue</h2>
          <ul className="govuk-list" data-testid="reviews-overdue">
            {overdue.map((a) => (
              <li key={a.recordId}>
                <Link className="govuk-link" to={`/cases/${a.caseId}/risk/${a.recordId}`}>
                  {a.instrument} on case {a.caseReference}
                </Link>{" "}
                <strong className="govuk-tag govuk-tag--red">Review was due {a.dueText}</strong>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

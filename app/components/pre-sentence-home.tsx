import { Link } from "@remix-run/react";
import { formatDate } from "~/domain/dates";
import type { WaitingReport } from "~/services/pre-sentence.server";

/** Pre-sentence input waiting for this senior probation officer's sign-off (/countersign; the home page lists them in "Today"). */
export function SignOffList({ reports }: { reports: WaitingReport[] }) {
  return (
    <>
      <h2 className="govuk-heading-m">Pre-sentence input waiting for your sign-off</h2>
      {reports.length === 0 ? (
        <p className="govuk-body">None waiting.</p>
      ) : (
        <ul className="govuk-list" data-testid="psr-to-sign-off">
          {reports.map((r) => (
            <li key={r.reportId}>
              <Link className="govuk-link" to={r.href}>
                Case {r.reference}, by {r.author}
              </Link>{" "}
              <span className="govuk-body-s">
                (hearing on {formatDate(r.hearingOn)}, submitted {formatDate(r.submittedAt)})
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

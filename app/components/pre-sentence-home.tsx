import { Link } from "@remix-run/react";
import { formatDate } from "~/domain/dates";
import type { InputRequest } from "~/services/pre-sentence-requests.server";
import type { WaitingReport } from "~/services/pre-sentence.server";
import { DueDate } from "./pre-sentence";

/**
 * Home-page lists for pre-sentence input: questions asked of the person (shown when there are any), and, for
 * senior probation officers (`toSignOff` is null for anyone else), reports waiting for their sign-off.
 */
export function PreSentenceHomeSections({ questions, toSignOff }: { questions: InputRequest[]; toSignOff: WaitingReport[] | null }) {
  return (
    <>
      {questions.length ? (
        <>
          <h2 className="govuk-heading-m">Questions asked of you for pre-sentence input</h2>
          <table className="govuk-table" data-testid="psr-questions">
            <caption className="govuk-table__caption govuk-visually-hidden">Questions asked of you for pre-sentence input</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Question</th>
                <th scope="col" className="govuk-table__header">Case</th>
                <th scope="col" className="govuk-table__header">Asked by</th>
                <th scope="col" className="govuk-table__header">Due</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {questions.map((q) => (
                <tr className="govuk-table__row" key={q.id} data-testid="psr-question">
                  <td className="govuk-table__cell">
                    <Link className="govuk-link" to={`/cases/${q.caseId}/pre-sentence/requests/${q.id}`}>
                      {q.section}
                    </Link>
                    <br />
                    <span className="govuk-body-s">Sentencing at {q.court} on {formatDate(q.hearingOn)}</span>
                  </td>
                  <td className="govuk-table__cell">{q.reference}</td>
                  <td className="govuk-table__cell">{q.requestedBy}</td>
                  <td className="govuk-table__cell">
                    <DueDate dueOn={q.dueOn} overdue={q.overdue} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      {toSignOff ? <SignOffList reports={toSignOff} /> : null}
    </>
  );
}

/** Pre-sentence input waiting for this senior probation officer's sign-off (home page and /countersign). */
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
              <span className="govuk-body-s">(hearing on {formatDate(r.hearingOn)}, submitted {formatDate(r.submittedAt)})</span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

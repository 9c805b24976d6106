import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { pageTitle } from "~/components/page-title";
import { doneText, SuccessBanner } from "~/components/success-banner";
import { formatDateTime } from "~/domain/dates";
import { SignOffList } from "~/components/pre-sentence-home";
import { countersignList } from "~/services/countersign.server";
import { requireActor } from "~/services/current-user.server";

export const meta: MetaFunction = () => pageTitle("Waiting for your countersignature");

const DONE = {
  countersigned: "Assessment countersigned and signed off",
  returned: "Assessment returned to its author",
  psr_signed_off: "Pre-sentence input signed off",
  psr_returned: "Pre-sentence input returned to its author",
};

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const { submissions, preSentence } = countersignList(actor);
  return { submissions, preSentence, done: doneText(request, DONE) };
}

export default function WaitingForCountersignature() {
  const { submissions, preSentence, done } = useLoaderData<typeof loader>();
  return (
    <>
      <SuccessBanner text={done} />
      <h1 className="govuk-heading-l">Waiting for your countersignature</h1>
      <p className="govuk-body">
        Risk assessments your agency's staff have submitted, on cases your agency works. You can countersign or return
        them without being on the case team.
      </p>
      {submissions.length === 0 ? (
        <p className="govuk-body">None waiting.</p>
      ) : (
        <table className="govuk-table" data-testid="countersign-list">
          <caption className="govuk-table__caption govuk-visually-hidden">
            Assessments waiting for your countersignature
          </caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Assessment
              </th>
              <th scope="col" className="govuk-table__header">
                Case
              </th>
              <th scope="col" className="govuk-table__header">
                Author
              </th>
              <th scope="col" className="govuk-table__header">
                Submitted
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {submissions.map((s) => (
              <tr className="govuk-table__row" key={s.recordId}>
                <td className="govuk-table__cell">
                  <Link className="govuk-link" to={s.href}>
                    {s.instrument}, version {s.versionNumber}
                    <span className="govuk-visually-hidden"> on case {s.caseReference}</span>
                  </Link>
                </td>
                <td className="govuk-table__cell">{s.caseReference}</td>
                <td className="govuk-table__cell">{s.author}</td>
                <td className="govuk-table__cell">{s.submittedAt ? formatDateTime(s.submittedAt) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {preSentence ? <SignOffList reports={preSentence} /> : null}
    </>
  );
}

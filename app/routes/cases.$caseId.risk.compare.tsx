import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { TableContainer } from "~/components/table-container";
import { Link, useLoaderData } from "@remix-run/react";
import { CaseHeader } from "~/components/case-header";
import { pageTitle } from "~/components/page-title";
import { formatDate } from "~/domain/dates";
import { requireActor } from "~/services/current-user.server";
import { compareVersions } from "~/services/risk-assessment-views.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data && "rows" in data ? `Compare versions: case ${data.case.reference}` : "Compare versions");

/** Two versions side by side: `?v=<id>&v=<id>` (two ticked boxes on the assessment page). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return compareVersions(actor, params.caseId ?? "", new URL(request.url).searchParams.getAll("v"));
}

export default function CompareVersions() {
  const { case: c, instrumentName, older, newer, rows, changed } = useLoaderData<typeof loader>();
  const heading = (v: typeof older) =>
    `Version ${v.versionNumber} (${v.state}${v.signedOffAt ? `, ${formatDate(v.signedOffAt)}` : ""})`;
  return (
    <>
      <CaseHeader c={c} title={`Compare versions: ${instrumentName}`} />
      <p className="govuk-body">
        <Link className="govuk-link" to={`/cases/${c.id}/risk/${newer.id}`}>
          Back to version {newer.versionNumber}
        </Link>
      </p>
      <p className="govuk-body" data-testid="changed-count">
        {changed === 1 ? "1 answer changed." : `${changed} answers changed.`}
      </p>
      <TableContainer label="Comparison of the two assessments">
        <table className="govuk-table" data-testid="comparison">
          <caption className="govuk-table__caption govuk-visually-hidden">Answers in each version</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Item
              </th>
              <th scope="col" className="govuk-table__header">
                {heading(older)}
              </th>
              <th scope="col" className="govuk-table__header">
                {heading(newer)}
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {rows.map((r) => (
              <tr className={`govuk-table__row${r.changed ? " app-changed" : ""}`} key={r.itemId}>
                <th scope="row" className="govuk-table__header">
                  {r.shortName}
                  {r.changed ? (
                    <>
                      {" "}
                      <strong className="govuk-tag govuk-tag--yellow">Changed</strong>
                    </>
                  ) : null}
                </th>
                <td className="govuk-table__cell app-multiline">{r.before}</td>
                <td className="govuk-table__cell app-multiline">{r.after}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableContainer>
    </>
  );
}

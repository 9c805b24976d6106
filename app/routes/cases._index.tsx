import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { pageTitle } from "~/components/page-title";
import { CASE_STATUS_LABELS } from "~/domain/case-vocabulary";
import { formatDate } from "~/domain/dates";
import { mayCreateCase } from "~/services/case-lifecycle.server";
import { listCases, parseCaseListCursor } from "~/services/cases.server";
import { requireActor } from "~/services/current-user.server";

export const meta: MetaFunction = () => pageTitle("Cases");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const params = new URL(request.url).searchParams;
  const page = Number(params.get("page") ?? "1");
  const position = { after: parseCaseListCursor(params.get("after")), before: parseCaseListCursor(params.get("before")), page: Number.isInteger(page) && page > 0 && page < 100_000 ? page : 1 };
  return { ...listCases(actor, position), canCreate: mayCreateCase(actor) };
}

export default function Cases() {
  const { rows, total, page, pages, previous, next, canCreate } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Cases</h1>
      {canCreate ? (
        <Link to="/cases/new" className="govuk-button" data-module="govuk-button">
          Create a case
        </Link>
      ) : null}
      <p className="govuk-body">Cases you can see: {total}</p>
      {rows.length === 0 ? (
        <p className="govuk-body">There are no cases for you to see.</p>
      ) : (
        <table className="govuk-table" data-testid="cases">
          <caption className="govuk-table__caption govuk-visually-hidden">Cases you can see</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Reference</th>
              <th scope="col" className="govuk-table__header">Status</th>
              <th scope="col" className="govuk-table__header">Priority</th>
              <th scope="col" className="govuk-table__header">Lead agency</th>
              <th scope="col" className="govuk-table__header">Updated</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {rows.map((c) => (
              <tr className="govuk-table__row" key={c.id}>
                <td className="govuk-table__cell">
                  <Link className="govuk-link" to={`/cases/${c.id}`}>
                    {c.reference}
                  </Link>
                </td>
                <td className="govuk-table__cell">{CASE_STATUS_LABELS[c.status]}</td>
                <td className="govuk-table__cell">
                  {c.priority === "raised" ? <strong className="govuk-tag govuk-tag--red">Raised</strong> : "Standard"}
                </td>
                <td className="govuk-table__cell">{c.leadAgency}</td>
                <td className="govuk-table__cell">{formatDate(c.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {previous || next ? (
        <nav className="govuk-pagination" aria-label="Pages of cases">
          {previous ? (
            <div className="govuk-pagination__prev">
              <Link className="govuk-link govuk-pagination__link" to={`?${new URLSearchParams({ before: previous, page: String(page - 1) })}`} rel="prev">
                <span className="govuk-pagination__link-title">Previous<span className="govuk-visually-hidden"> page</span></span>
              </Link>
            </div>
          ) : null}
          <p className="govuk-body govuk-!-margin-bottom-0">Page {page} of {pages}</p>
          {next ? (
            <div className="govuk-pagination__next">
              <Link className="govuk-link govuk-pagination__link" to={`?${new URLSearchParams({ after: next, page: String(page + 1) })}`} rel="next">
                <span className="govuk-pagination__link-title">Next<span className="govuk-visually-hidden"> page</span></span>
              </Link>
            </div>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}

import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { isWithheld, type Withheld } from "~/access/redact";
import { Checkboxes, Select } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { TableContainer } from "~/components/table-container";
import { WithheldValue } from "~/components/withheld";
import {
  CASE_FLAG_LABELS,
  CASE_FLAGS,
  CASE_LIST_SORT_LABELS,
  CASE_LIST_SORTS,
  caseListQueryParams,
  parseCaseListQuery,
} from "~/domain/case-list-query";
import { CASE_STATUS_LABELS, CASE_STATUSES } from "~/domain/case-vocabulary";
import { formatDate } from "~/domain/dates";
import { mayCreateCase } from "~/services/case-lifecycle.server";
import { listCases, parseCaseListCursor } from "~/services/cases.server";
import { requireActor } from "~/services/current-user.server";

export const meta: MetaFunction = () => pageTitle("Cases");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const params = new URL(request.url).searchParams;
  const page = Number(params.get("page") ?? "1");
  const position = {
    after: parseCaseListCursor(params.get("after")),
    before: parseCaseListCursor(params.get("before")),
    page: Number.isInteger(page) && page > 0 && page < 100_000 ? page : 1,
  };
  return { ...listCases(actor, position, parseCaseListQuery(params)), canCreate: mayCreateCase(actor) };
}

function Name({ value }: { value: string | Withheld | null }) {
  if (value === null) return <span className="app-secondary-text">Not recorded</span>;
  return isWithheld(value) ? <WithheldValue value={value} /> : <>{value}</>;
}

export default function Cases() {
  const { rows, total, page, pages, previous, next, canCreate, filters } = useLoaderData<typeof loader>();
  const keep = caseListQueryParams(filters);
  const link = (cursor: [string, string], n: number) =>
    `?${new URLSearchParams([...keep, cursor, ["page", String(n)]])}`;
  return (
    <>
      <h1 className="govuk-heading-l">Cases</h1>
      {canCreate ? (
        <Link to="/cases/new" className="govuk-button" data-module="govuk-button">
          Create a case
        </Link>
      ) : null}
      <Form method="get" className="app-case-filters" key={JSON.stringify(filters)} aria-label="Filter and sort cases">
        <h2 className="govuk-heading-m">Filter and sort</h2>
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-third">
            <Select
              name="status"
              label="Status"
              emptyText="Any status"
              value={filters.status ?? ""}
              items={CASE_STATUSES.map((s) => ({ value: s, text: CASE_STATUS_LABELS[s] }))}
            />
          </div>
          <div className="govuk-grid-column-one-third">
            <Select
              name="priority"
              label="Priority"
              emptyText="Any priority"
              value={filters.priority ?? ""}
              items={[
                { value: "raised", text: "Raised" },
                { value: "standard", text: "Standard" },
              ]}
            />
          </div>
          <div className="govuk-grid-column-one-third">
            <Select
              name="sort"
              label="Sort by"
              value={filters.sort}
              items={CASE_LIST_SORTS.map((s) => ({ value: s, text: CASE_LIST_SORT_LABELS[s] }))}
            />
          </div>
        </div>
        <Checkboxes
          name="mine"
          legend="Whose cases"
          items={[{ value: "1", text: "Only cases I work on" }]}
          values={filters.mine ? ["1"] : []}
        />
        <Checkboxes
          name="flag"
          legend="Flags"
          hint="Show only cases with every flag ticked."
          items={CASE_FLAGS.map((f) => ({ value: f, text: CASE_FLAG_LABELS[f] }))}
          values={filters.flags}
        />
        <div className="govuk-button-group">
          <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
            Apply
          </button>
          <Link className="govuk-link" to="/cases">
            Clear filters
          </Link>
        </div>
      </Form>
      <p className="govuk-body">Cases you can see: {total}</p>
      {rows.length === 0 ? (
        <p className="govuk-body">There are no cases for you to see.</p>
      ) : (
        <TableContainer label="Cases you can see">
          <table className="govuk-table" data-testid="cases">
            <caption className="govuk-table__caption govuk-visually-hidden">Cases you can see</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">
                  Reference
                </th>
                <th scope="col" className="govuk-table__header">
                  Victim
                </th>
                <th scope="col" className="govuk-table__header">
                  Suspect
                </th>
                <th scope="col" className="govuk-table__header">
                  Lead agency
                </th>
                <th scope="col" className="govuk-table__header">
                  Status
                </th>
                <th scope="col" className="govuk-table__header">
                  Priority
                </th>
                <th scope="col" className="govuk-table__header">
                  Last activity
                </th>
                <th scope="col" className="govuk-table__header">
                  Next deadline
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {rows.map((c) => (
                <tr className="govuk-table__row" key={c.id} data-testid="case-row">
                  <td className="govuk-table__cell">
                    <Link className="govuk-link" to={`/cases/${c.id}`}>
                      {c.reference}
                    </Link>
                    {c.flags.length ? (
                      <span className="govuk-body-s app-secondary-text govuk-!-display-block">
                        {c.flags.map((f) => CASE_FLAG_LABELS[f]).join(", ")}
                      </span>
                    ) : null}
                  </td>
                  <td className="govuk-table__cell" data-testid="victim">
                    <Name value={c.victim} />
                  </td>
                  <td className="govuk-table__cell" data-testid="suspect">
                    <Name value={c.perpetrator} />
                  </td>
                  <td className="govuk-table__cell">{c.leadAgency}</td>
                  <td className="govuk-table__cell">{CASE_STATUS_LABELS[c.status]}</td>
                  <td className="govuk-table__cell">
                    {c.priority === "raised" ? (
                      <strong className="govuk-tag govuk-tag--red">Raised</strong>
                    ) : (
                      "Standard"
                    )}
                  </td>
                  <td className="govuk-table__cell">{formatDate(c.updatedAt)}</td>
                  <td className="govuk-table__cell">
                    {c.nextDeadline ? formatDate(`${c.nextDeadline}T12:00:00Z`) : "None"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableContainer>
      )}
      {previous || next ? (
        <nav className="govuk-pagination" aria-label="Pages of cases">
          {previous ? (
            <div className="govuk-pagination__prev">
              <Link className="govuk-link govuk-pagination__link" to={link(["before", previous], page - 1)} rel="prev">
                <span className="govuk-pagination__link-title">
                  Previous<span className="govuk-visually-hidden"> page</span>
                </span>
              </Link>
            </div>
          ) : null}
          <p className="govuk-body govuk-!-margin-bottom-0">
            Page {page} of {pages}
          </p>
          {next ? (
            <div className="govuk-pagination__next">
              <Link className="govuk-link govuk-pagination__link" to={link(["after", next], page + 1)} rel="next">
                <span className="govuk-pagination__link-title">
                  Next<span className="govuk-visually-hidden"> page</span>
                </span>
              </Link>
            </div>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}

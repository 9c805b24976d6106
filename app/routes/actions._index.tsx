import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ErrorSummary, Select, TextInput } from "~/components/forms";
import { ActionChangeLink } from "~/components/meeting-action-link";
import { pageTitle } from "~/components/page-title";
import { TableContainer } from "~/components/table-container";
import { requireActor } from "~/services/current-user.server";
import { DUE_FILTERS } from "~/domain/action-tracker";
import { actionTracker } from "~/services/action-tracker.server";

export const meta: MetaFunction = () => pageTitle("Actions from meetings");

const FILTERS = ["owner", "case", "due"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const url = new URL(request.url);
  const values = Object.fromEntries(FILTERS.map((f) => [f, url.searchParams.get(f) ?? ""]));
  const result = actionTracker(actor, values);
  // Bad filters list nothing and say why; the form keeps what was entered.
  return { result, values };
}

export default function ActionTracker() {
  const { result, values } = useLoaderData<typeof loader>();
  const errors = result.ok ? undefined : result.errors;
  const owners = result.owners;
  const csvHref = `/actions.csv?${new URLSearchParams(values).toString()}`;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <ErrorSummary errors={errors} fieldOrder={[...FILTERS]} />
        <h1 className="govuk-heading-l">Actions from meetings</h1>
        <p className="govuk-body">Open actions agreed at clinic and MAPPA meetings, soonest due first.</p>
        <Form method="get" className="app-filters" aria-label="Filter actions">
          <div className="govuk-grid-row">
            <div className="govuk-grid-column-one-third">
              <Select
                name="owner"
                label="Owner"
                error={errors?.owner}
                emptyText="Anyone"
                value={values.owner}
                items={owners}
              />
            </div>
            <div className="govuk-grid-column-one-third">
              <TextInput
                name="case"
                label="Case reference"
                hint="For example, NS-2026-00001"
                error={errors?.case}
                defaultValue={values.case}
                width="20"
              />
            </div>
            <div className="govuk-grid-column-one-third">
              <Select
                name="due"
                label="Due"
                error={errors?.due}
                value={values.due || "any"}
                items={Object.entries(DUE_FILTERS).map(([value, text]) => ({ value, text }))}
              />
            </div>
          </div>
          <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
            Filter actions
          </button>{" "}
          <Link className="govuk-link govuk-!-margin-left-2" to="/actions">
            Clear filters
          </Link>
        </Form>
        {result.ok ? (
          <>
            <p className="govuk-body">
              <a className="govuk-link" href={csvHref} download>
                Download these actions (CSV)
              </a>
            </p>
            {result.rows.length ? (
              <TableContainer label="Open actions">
                <table className="govuk-table" data-testid="action-tracker">
                  <caption className="govuk-table__caption govuk-table__caption--m">
                    {result.rows.length} open {result.rows.length === 1 ? "action" : "actions"}
                    {result.truncated ? " (the first 500: narrow the filters to see the rest)" : ""}
                  </caption>
                  <thead className="govuk-table__head">
                    <tr className="govuk-table__row">
                      <th scope="col" className="govuk-table__header">
                        Action
                      </th>
                      <th scope="col" className="govuk-table__header">
                        Case
                      </th>
                      <th scope="col" className="govuk-table__header">
                        Owner
                      </th>
                      <th scope="col" className="govuk-table__header">
                        Due
                      </th>
                      <th scope="col" className="govuk-table__header">
                        Meeting
                      </th>
                      <th scope="col" className="govuk-table__header">
                        <span className="govuk-visually-hidden">Change</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody className="govuk-table__body">
                    {result.rows.map((r) => (
                      <tr className="govuk-table__row" key={r.id}>
                        <td className="govuk-table__cell">{r.text}</td>
                        <td className="govuk-table__cell">{r.caseReference}</td>
                        <td className="govuk-table__cell">{r.owner}</td>
                        <td className="govuk-table__cell">
                          {r.due}
                          {r.overdue ? (
                            <strong className="govuk-tag govuk-tag--red govuk-!-margin-left-1">Overdue</strong>
                          ) : null}
                        </td>
                        <td className="govuk-table__cell">{r.meetingTitle}</td>
                        <td className="govuk-table__cell">
                          <ActionChangeLink action={r} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableContainer>
            ) : (
              <p className="govuk-body">No open actions match.</p>
            )}
          </>
        ) : null}
      </div>
    </div>
  );
}

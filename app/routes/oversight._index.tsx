import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { can } from "~/access/gate.server";
import { OversightChart } from "~/components/oversight-chart";
import { Button, ErrorSummary, Select, TextInput } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { formatDateTime } from "~/domain/dates";
import { londonToday } from "~/domain/expiry-date";
import {
  filtersQuery,
  OVERSIGHT_FILTER_FIELDS,
  OversightFiltersSchema,
  withDefaultPeriod,
} from "~/domain/oversight-filters";
import { cellText, SUPPRESSED, SUPPRESSION_LIMIT } from "~/domain/oversight-metrics";
import { parseValues } from "~/forms/parse-form";
import { requireActor } from "~/services/current-user.server";
import { assertCanReadDashboard, checkFilters, filterOptions, oversightDashboard } from "~/services/oversight.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle("Oversight dashboard", data?.errors);

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  assertCanReadDashboard(actor);
  const params = new URL(request.url).searchParams;
  const values: Record<string, string> = Object.fromEntries(
    OVERSIGHT_FILTER_FIELDS.map((f) => [f, params.get(f) ?? ""]),
  );
  const options = filterOptions(actor);
  const mayLink = can(actor, "update", "ActionPlan");
  const form = parseValues(values, OversightFiltersSchema);
  if (!form.ok) return data({ values, errors: form.errors, options, dashboard: null, mayLink }, { status: 400 });
  const filters = withDefaultPeriod(form.data, londonToday(new Date()));
  const errors = checkFilters(actor, filters);
  if (errors) return data({ values, errors, options, dashboard: null, mayLink }, { status: 400 });
  return {
    values: { ...values, from: filters.from, to: filters.to } as Record<string, string>,
    errors: null,
    options,
    dashboard: oversightDashboard(actor, filters),
    mayLink,
  };
}

export default function OversightDashboard() {
  const { values, errors, options, dashboard, mayLink } = useLoaderData<typeof loader>();
  const query = dashboard ? filtersQuery(dashboard.filters) : "";
  return (
    <>
      <ErrorSummary errors={errors ?? undefined} fieldOrder={[...OVERSIGHT_FILTER_FIELDS]} />
      <h1 className="govuk-heading-l">Oversight dashboard</h1>
      <p className="govuk-body">
        The partnership&apos;s figures for the cases opened in the period chosen, and everything recorded on them.
        Counts from 1 to {SUPPRESSION_LIMIT - 1} are shown as &ldquo;{SUPPRESSED}&rdquo;, and so is any rate or time
        worked out from them, so nobody can be identified. No names, references or notes are shown.
      </p>
      <p className="govuk-body">
        <Link className="govuk-link" to="/oversight/action-plan">
          Action plan
        </Link>
      </p>
      <Form method="get" noValidate aria-label="Filter the figures" className="app-oversight-filters">
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-quarter">
            <TextInput
              name="from"
              label="Cases opened from"
              hint="yyyy-mm-dd"
              width="10"
              defaultValue={values.from}
              error={errors?.from}
            />
          </div>
          <div className="govuk-grid-column-one-quarter">
            <TextInput
              name="to"
              label="To (including that day)"
              hint="yyyy-mm-dd"
              width="10"
              defaultValue={values.to}
              error={errors?.to}
            />
          </div>
          <div className="govuk-grid-column-one-quarter">
            <Select
              name="agency"
              label="Lead agency"
              emptyText="All agencies"
              value={values.agency}
              error={errors?.agency}
              items={options.agencies}
            />
          </div>
          <div className="govuk-grid-column-one-quarter">
            <Select
              name="team"
              label="Team on the case"
              emptyText="All teams"
              value={values.team}
              error={errors?.team}
              items={options.teams.map(({ value, text }) => ({ value, text }))}
            />
          </div>
        </div>
        <Button secondary>Show figures</Button>
      </Form>

      {dashboard ? (
        <p className="govuk-body-s">
          Figures as at {formatDateTime(dashboard.computedAt)}, counting every change recorded before then.
        </p>
      ) : null}
      {dashboard
        ? dashboard.tables.map((table) => (
            <section
              key={table.key}
              className="app-oversight-metric"
              aria-labelledby={`metric-${table.key}`}
              data-testid={`metric-${table.key}`}
            >
              <h2 className="govuk-heading-m" id={`metric-${table.key}`}>
                {table.title}
              </h2>
              <p className="govuk-body">{table.description}</p>
              {table.alert ? (
                <div className="govuk-warning-text" data-testid="referral-alert">
                  <span className="govuk-warning-text__icon" aria-hidden="true">
                    !
                  </span>
                  <strong className="govuk-warning-text__text">
                    <span className="govuk-visually-hidden">Warning</span>
                    {table.alert}
                  </strong>
                </div>
              ) : null}
              <div className="govuk-grid-row">
                <div className="govuk-grid-column-one-half">
                  <OversightChart table={table} />
                </div>
                <div className="govuk-grid-column-one-half">
                  <table className="govuk-table" data-testid={`table-${table.key}`}>
                    <caption className="govuk-table__caption govuk-table__caption--s">{table.title}</caption>
                    <thead className="govuk-table__head">
                      <tr className="govuk-table__row">
                        <td className="govuk-table__header" />
                        {table.columns.map((c) => (
                          <th key={c} scope="col" className="govuk-table__header govuk-table__header--numeric">
                            {c}
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody className="govuk-table__body">
                      {table.rows.length ? (
                        table.rows.map((row) => (
                          <tr key={row.label} className="govuk-table__row">
                            <th scope="row" className="govuk-table__header">
                              {row.label}
                            </th>
                            {row.cells.map((cell, i) => (
                              <td key={i} className="govuk-table__cell govuk-table__cell--numeric">
                                {cellText(cell) || "–"}
                              </td>
                            ))}
                          </tr>
                        ))
                      ) : (
                        <tr className="govuk-table__row">
                          <td className="govuk-table__cell" colSpan={table.columns.length + 1}>
                            No cases in this period.
                          </td>
                        </tr>
                      )}
                    </tbody>
                  </table>
                  <p className="govuk-body-s">
                    <a className="govuk-link" href={`/oversight.csv?table=${table.key}&${query}`} download>
                      Download CSV<span className="govuk-visually-hidden"> of {table.title.toLowerCase()}</span>
                    </a>
                    {mayLink ? (
                      <>
                        {" · "}
                        <Link
                          className="govuk-link"
                          to={`/oversight/action-plan/evidence?metric=${table.key}&${query}`}
                        >
                          Link as evidence<span className="govuk-visually-hidden"> ({table.title.toLowerCase()})</span>
                        </Link>
                      </>
                    ) : null}
                  </p>
                </div>
              </div>
            </section>
          ))
        : null}
    </>
  );
}

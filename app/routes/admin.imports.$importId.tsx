import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AppForm, Button, ErrorSummary, Select } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { doneText, SuccessBanner } from "~/components/success-banner";
import { formValues } from "~/forms/parse-form";
import { importInBackground, importCheck, saveMapping } from "~/services/case-import.server";
import { requireActor } from "~/services/current-user.server";

// /admin/imports/:importId: the dry run of an uploaded file (every row's outcome, every error, the column mapping),
// the import itself, and its progress (the page refreshes itself while the import runs). Decision 0055.
export const meta: MetaFunction<typeof loader> = ({ data: page }) => [
  ...pageTitle(page?.run.status === "running" ? "Importing cases" : "Check the file"),
  ...(page?.run.status === "running" ? [{ httpEquiv: "refresh", content: "3" }] : []),
];

const DONE = { mapped: "The columns are saved for this source and the file is checked again" } as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return { ...(await importCheck(actor, params.importId ?? "")), done: doneText(request, DONE) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const id = params.importId ?? "";
  const values = formValues(await request.formData());
  if (values.intent === "mapping") {
    const saved = saveMapping(actor, id, values);
    if (!saved.ok) return data({ errors: saved.errors }, { status: 400 });
    throw redirect(`/admin/imports/${id}?done=mapped`);
  }
  const started = importInBackground(actor, id);
  if (!started.ok) return data({ errors: { form: started.message } }, { status: 400 });
  throw redirect(`/admin/imports/${id}`);
}

const OUTCOME_TEXT = { create: "Will be created", update: "Will be updated", unchanged: "Unchanged" } as const;

export default function ImportCheck() {
  const { run, fields, headers, mapping, plan, done } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const back = (
    <p className="govuk-body">
      <Link className="govuk-link" to="/admin/imports">
        Back to imports
      </Link>
    </p>
  );
  const summary = (
    <dl className="govuk-summary-list" data-testid="import-summary">
      {[
        ["Source", run.source],
        [
          "File",
          `${run.format === "xlsx" ? "Excel workbook" : "CSV file"}, ${run.rowsTotal.toLocaleString("en-GB")} rows`,
        ],
        ["SHA-256", run.sha256],
      ].map(([k, v]) => (
        <div className="govuk-summary-list__row" key={k}>
          <dt className="govuk-summary-list__key">{k}</dt>
          <dd className="govuk-summary-list__value">{k === "SHA-256" ? <code className="app-token">{v}</code> : v}</dd>
        </div>
      ))}
    </dl>
  );
  if (run.status !== "checked") {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">
            {run.status === "running" ? "Importing cases" : run.status === "done" ? "Cases imported" : "Import stopped"}
          </h1>
          {summary}
          {run.status === "running" ? (
            <p className="govuk-body" role="status" data-testid="import-progress">
              {run.rowsDone.toLocaleString("en-GB")} of {run.rowsTotal.toLocaleString("en-GB")} rows imported. This page
              refreshes itself.
            </p>
          ) : (
            <p className="govuk-body" data-testid="import-outcome">
              {run.created.toLocaleString("en-GB")} rows created, {run.updated.toLocaleString("en-GB")} updated,{" "}
              {run.unchanged.toLocaleString("en-GB")} unchanged.
            </p>
          )}
          {run.status === "failed" && run.problem ? (
            <div className="govuk-warning-text">
              <span className="govuk-warning-text__icon" aria-hidden="true">
                !
              </span>
              <strong className="govuk-warning-text__text">
                <span className="govuk-visually-hidden">Warning</span>
                {run.problem}. Batches before it were imported: correct the file and import it again (rows already
                imported are left as they are).
              </strong>
            </div>
          ) : null}
          {back}
        </div>
      </div>
    );
  }
  const errors = plan?.errors ?? [];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <SuccessBanner text={done} />
        <ErrorSummary errors={result?.errors} />
        <h1 className="govuk-heading-l">Check the file</h1>
        {summary}
        {plan ? (
          <p className="govuk-body" data-testid="import-counts">
            {plan.counts.create.toLocaleString("en-GB")} rows will be created (
            {plan.counts.matched.toLocaleString("en-GB")} of them people matched to a person already known by an
            identifier), {plan.counts.update.toLocaleString("en-GB")} updated and{" "}
            {plan.counts.unchanged.toLocaleString("en-GB")} left unchanged.
          </p>
        ) : null}
        {errors.length ? (
          <>
            <h2 className="govuk-heading-m" id="errors">
              {errors.length + (plan?.moreErrors ?? 0)} problems to correct before importing
            </h2>
            <p className="govuk-body">
              Nothing has been imported. Correct the file and upload it again, or choose the right columns below.
            </p>
            <table className="govuk-table" data-testid="import-errors">
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                    Row
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Field
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Column
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Problem
                  </th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {errors.map((e, i) => (
                  <tr className="govuk-table__row" key={i}>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{e.row}</td>
                    <td className="govuk-table__cell">
                      <code>{e.field}</code>
                    </td>
                    <td className="govuk-table__cell">{e.column ?? "none chosen"}</td>
                    <td className="govuk-table__cell">{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ) : (
          <AppForm method="post">
            <Button name="intent" value="import">
              Import {run.rowsTotal.toLocaleString("en-GB")} rows
            </Button>
          </AppForm>
        )}
        {plan && plan.rows.length ? (
          <table className="govuk-table" data-testid="import-rows">
            <caption className="govuk-table__caption govuk-table__caption--m">
              {plan.moreRows ? `The first ${plan.rows.length} rows that are ready` : "Rows that are ready"}
            </caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                  Row
                </th>
                <th scope="col" className="govuk-table__header">
                  Record
                </th>
                <th scope="col" className="govuk-table__header">
                  Key
                </th>
                <th scope="col" className="govuk-table__header">
                  What will happen
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {plan.rows.map((r) => (
                <tr className="govuk-table__row" key={r.row}>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{r.row}</td>
                  <td className="govuk-table__cell">{r.kind}</td>
                  <td className="govuk-table__cell">{r.sourceKey}</td>
                  <td className="govuk-table__cell">
                    {OUTCOME_TEXT[r.outcome]}
                    {r.matched ? `: matched to a person already known (${r.matched})` : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        <details className="govuk-details" open={errors.some((e) => e.column === null)}>
          <summary className="govuk-details__summary">
            <span className="govuk-details__summary-text">Columns used for each field</span>
          </summary>
          <div className="govuk-details__text">
            <AppForm method="post">
              <div className="govuk-grid-row">
                {fields.map((f) => (
                  <div className="govuk-grid-column-one-third" key={f}>
                    <Select
                      name={`map-${f}`}
                      label={f}
                      value={mapping[f]}
                      emptyText="Not in this file"
                      items={headers.map((h) => ({ value: h, text: h }))}
                    />
                  </div>
                ))}
              </div>
              <Button name="intent" value="mapping" secondary>
                Save the columns and check again
              </Button>
            </AppForm>
          </div>
        </details>
        {back}
      </div>
    </div>
  );
}

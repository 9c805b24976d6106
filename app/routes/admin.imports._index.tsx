import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AppForm, Button, ErrorSummary, HintAndError, TextInput } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { formatDateTime } from "~/domain/dates";
import { importsPage, uploadImport } from "~/services/case-import.server";
import { requireActor } from "~/services/current-user.server";

// /admin/imports: an agency administrator imports the agency's existing cases from a file (decision 0055).
export const meta: MetaFunction<typeof loader> = () => pageTitle("Import cases");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return importsPage(actor);
}

// The body is streamed here, not read by the server first (server/request-body.ts isStreamedUpload).
export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const result = await uploadImport(actor, request, context.csrfToken);
  if (!result.ok) return data({ errors: result.errors, values: result.values }, { status: 400 });
  throw redirect(`/admin/imports/${result.id}`);
}

const STATUS_TEXT = {
  checked: "Checked, not imported",
  running: "Importing",
  done: "Imported",
  failed: "Stopped",
} as const;

export default function Imports() {
  const { agencyName, runs, sources, maxFileSize, fields } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors;
  const source = typeof result?.values?.source === "string" ? result.values.source : undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} fieldOrder={["source", "file"]} />
        <span className="govuk-caption-l">{agencyName}</span>
        <h1 className="govuk-heading-l">Import cases</h1>
        <p className="govuk-body">
          Bring your agency&apos;s existing cases into Concord from a CSV file or an Excel workbook: cases, victims,
          perpetrators, incidents, offences and orders, one row each. Each case is recorded as the person you name as
          its owner, with the same checks as the pages. You see what will happen to every row before anything is
          imported.
        </p>
        <p className="govuk-body">
          Start from a template:{" "}
          <a className="govuk-link" href="/admin/imports/template.csv" download>
            CSV template
          </a>{" "}
          or{" "}
          <a className="govuk-link" href="/admin/imports/template.xlsx" download>
            Excel template
          </a>
          .
        </p>
        <AppForm method="post" encType="multipart/form-data" reloadDocument>
          <TextInput
            name="source"
            label="Where the file comes from"
            hint={`For example, Police records export. Columns are matched to Concord's fields the same way next time.${sources.length ? ` Saved: ${sources.join(", ")}.` : ""}`}
            defaultValue={source}
            error={errors?.source}
          />
          <div className={`govuk-form-group${errors?.file ? " govuk-form-group--error" : ""}`}>
            <label className="govuk-label govuk-label--s" htmlFor="file">
              File
            </label>
            <HintAndError
              hintId="file-hint"
              hint={`A CSV file (UTF-8) or an Excel workbook (.xlsx, its first worksheet), up to ${maxFileSize}.`}
              errorId="file-error"
              error={errors?.file}
            />
            <input
              className={`govuk-file-upload${errors?.file ? " govuk-file-upload--error" : ""}`}
              id="file"
              name="file"
              type="file"
              accept=".csv,.xlsx,text/csv"
              aria-describedby={`file-hint${errors?.file ? " file-error" : ""}`}
            />
          </div>
          <Button>Upload and check</Button>
        </AppForm>

        <h2 className="govuk-heading-m">Imports</h2>
        {runs.length === 0 ? (
          <p className="govuk-body">Your agency has not imported any files.</p>
        ) : (
          <table className="govuk-table" data-testid="imports">
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">
                  Uploaded
                </th>
                <th scope="col" className="govuk-table__header">
                  Source
                </th>
                <th scope="col" className="govuk-table__header">
                  Status
                </th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                  Rows
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {runs.map((r) => (
                <tr className="govuk-table__row" key={r.id}>
                  <td className="govuk-table__cell">
                    <Link className="govuk-link" to={`/admin/imports/${r.id}`}>
                      {formatDateTime(r.createdAt)}
                    </Link>
                  </td>
                  <td className="govuk-table__cell">{r.source}</td>
                  <td className="govuk-table__cell">{STATUS_TEXT[r.status]}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">
                    {r.rowsTotal.toLocaleString("en-GB")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}

        <details className="govuk-details">
          <summary className="govuk-details__summary">
            <span className="govuk-details__summary-text">The columns a file can have</span>
          </summary>
          <div className="govuk-details__text">
            <p className="govuk-body">
              Lists are separated by semicolons. Dates are written 2025-03-07 or 07/03/2025. Values are the codes in the
              template (for example ex_intimate_partner).
            </p>
            <dl className="govuk-summary-list">
              {fields.map((f) => (
                <div className="govuk-summary-list__row" key={f.name}>
                  <dt className="govuk-summary-list__key">
                    <code>{f.name}</code>
                  </dt>
                  <dd className="govuk-summary-list__value">{f.label}</dd>
                </div>
              ))}
            </dl>
          </div>
        </details>
      </div>
    </div>
  );
}

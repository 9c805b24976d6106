import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { TableContainer } from "~/components/table-container";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { CaseHeader } from "~/components/case-header";
import { DateInput } from "~/components/date-input";
import { AppForm, Button, Checkboxes, ErrorSummary, Radios, TextInput } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { PsrStateTag } from "~/components/pre-sentence";
import { formatDate } from "~/domain/dates";
import { PSR_REPORT_TYPE_CODES, PSR_REPORT_TYPES } from "~/domain/pre-sentence";
import { formValues } from "~/forms/parse-form";
import { requireActor } from "~/services/current-user.server";
import { preSentenceCasePage } from "~/services/pre-sentence-pages.server";
import { startReport } from "~/services/pre-sentence.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `Pre-sentence input: case ${data.case.reference}` : "Pre-sentence input");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return preSentenceCasePage(actor, params.caseId ?? "");
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const caseId = params.caseId ?? "";
  const result = startReport(actor, caseId, formValues(await request.formData()));
  if (!result.ok) return data({ errors: result.errors, values: result.values }, { status: 400 });
  throw redirect(`/cases/${encodeURIComponent(caseId)}/pre-sentence/${result.id}?done=started`);
}

export default function PreSentenceList() {
  const { case: c, reports, mayStart, offences } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors;
  const v = result?.values;
  const text = (name: string) => (typeof v?.[name] === "string" ? (v[name] as string) : undefined);
  const chosen = v ? (Array.isArray(v.offences) ? v.offences : v.offences ? [v.offences] : []) : [];
  return (
    <>
      <ErrorSummary
        errors={errors}
        fieldOrder={["court", "convicted", "hearing", "reportType", "offences", "otherOffence"]}
      />
      <CaseHeader c={c} title="Pre-sentence input" />
      {reports.length === 0 ? (
        <p className="govuk-body" data-testid="no-reports">
          There is no pre-sentence input on this case that you can see.
        </p>
      ) : (
        <TableContainer label="Pre-sentence input on this case">
          <table className="govuk-table" data-testid="reports">
            <caption className="govuk-table__caption govuk-table__caption--m">Pre-sentence input on this case</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">
                  Court
                </th>
                <th scope="col" className="govuk-table__header">
                  Sentencing hearing
                </th>
                <th scope="col" className="govuk-table__header">
                  Author
                </th>
                <th scope="col" className="govuk-table__header">
                  Status
                </th>
                <th scope="col" className="govuk-table__header">
                  Last changed
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {reports.map((r) => (
                <tr className="govuk-table__row" key={r.id} data-testid="report-row">
                  <td className="govuk-table__cell">
                    <Link className="govuk-link" to={`/cases/${c.id}/pre-sentence/${r.id}`}>
                      {r.court}
                    </Link>
                  </td>
                  <td className="govuk-table__cell">{formatDate(r.hearingOn)}</td>
                  <td className="govuk-table__cell">{r.author}</td>
                  <td className="govuk-table__cell">
                    <PsrStateTag state={r.state} />
                  </td>
                  <td className="govuk-table__cell">{formatDate(r.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableContainer>
      )}
      {mayStart ? (
        <section aria-labelledby="start-heading" data-testid="start-report">
          <h2 className="govuk-heading-m" id="start-heading">
            Start pre-sentence input
          </h2>
          <div className="govuk-grid-row">
            <div className="govuk-grid-column-two-thirds">
              <AppForm method="post">
                <TextInput
                  name="court"
                  label="Court"
                  hint="The court that will sentence, for example Northshire Magistrates' Court"
                  defaultValue={text("court")}
                  error={errors?.court}
                />
                <DateInput
                  name="convicted"
                  legend="Date of conviction"
                  hint="For example, 27 3 2027. Statements can be kept as their sources stood on this date."
                  value={{ day: text("convicted-day"), month: text("convicted-month"), year: text("convicted-year") }}
                  error={errors?.convicted}
                />
                <DateInput
                  name="hearing"
                  legend="Date of the sentencing hearing"
                  hint="For example, 27 3 2027"
                  value={{ day: text("hearing-day"), month: text("hearing-month"), year: text("hearing-year") }}
                  error={errors?.hearing}
                />
                <Radios
                  name="reportType"
                  legend="Which report is the input for?"
                  value={text("reportType")}
                  error={errors?.reportType}
                  items={PSR_REPORT_TYPE_CODES.map((code) => ({ value: code, text: PSR_REPORT_TYPES[code] }))}
                />
                <Checkboxes
                  name="offences"
                  legend="Offences convicted"
                  hint="Select the offences the perpetrator was convicted of and is to be sentenced for, as the court recorded them."
                  values={chosen}
                  error={errors?.offences}
                  items={offences.map((o) => ({ value: o.value, text: o.label }))}
                />
                <TextInput
                  name="otherOffence"
                  label="Another offence (optional)"
                  hint="If an offence is not in the list, enter it as the court recorded it."
                  defaultValue={text("otherOffence")}
                  error={errors?.otherOffence}
                />
                <Button>Start pre-sentence input</Button>
              </AppForm>
            </div>
          </div>
        </section>
      ) : null}
    </>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { CaseHeader } from "~/components/case-header";
import { DateInput } from "~/components/date-input";
import { AppForm, Button, ErrorSummary, Radios, TextArea } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { formatDate } from "~/domain/dates";
import { SPO_DECISION_LABELS, SPO_DECISIONS } from "~/domain/protective-orders";
import { formValues } from "~/forms/parse-form";
import { requireActor } from "~/services/current-user.server";
import { SPO_FIELDS } from "~/forms/order-forms";
import { recordSpoConsideration, spoConsiderationPage } from "~/services/spo-considerations.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(
    data
      ? `Stalking protection order consideration, case ${data.case.reference}`
      : "Stalking protection order consideration",
  );

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return spoConsiderationPage(actor, params.caseId ?? "");
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const result = recordSpoConsideration(actor, params.caseId ?? "", formValues(await request.formData()));
  if (!result.ok) return data({ errors: result.errors, values: result.values }, { status: 400 });
  throw redirect(`/cases/${params.caseId}/orders?done=spo`);
}

export default function SpoConsideration() {
  const { case: c, considerations, canRecord, daysAllowed } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors;
  const v = (result?.values ?? {}) as Record<string, string | string[] | undefined>;
  const text = (name: string) => (typeof v[name] === "string" ? (v[name] as string) : undefined);
  return (
    <>
      <ErrorSummary errors={errors} fieldOrder={SPO_FIELDS} />
      <CaseHeader c={c} title="Stalking protection order consideration" />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <p className="govuk-body">
            Police must consider a stalking protection order on every stalking case and record the decision and why
            (HMICFRS recommendation 13). A case with no consideration {daysAllowed} days after it was opened is shown to
            police supervisors.
          </p>
          {canRecord ? (
            <AppForm method="post">
              <DateInput
                name="consideredOn"
                legend="Date considered"
                hint="For example, 27 3 2026"
                value={{
                  day: text("consideredOn-day"),
                  month: text("consideredOn-month"),
                  year: text("consideredOn-year"),
                }}
                error={errors?.consideredOn}
              />
              <Radios
                name="decision"
                legend="Decision"
                value={text("decision")}
                error={errors?.decision}
                items={SPO_DECISIONS.map((d) => ({ value: d, text: SPO_DECISION_LABELS[d] }))}
              />
              <TextArea
                name="rationale"
                label="Rationale"
                hint="Why you made this decision. Up to 2,000 characters."
                defaultValue={text("rationale")}
                error={errors?.rationale}
              />
              <Button>Save consideration</Button>
            </AppForm>
          ) : (
            <p className="govuk-body">
              Only police members of the case team record stalking protection order considerations.
            </p>
          )}
        </div>
      </div>
      <h2 className="govuk-heading-m">Considerations on this case</h2>
      {considerations.length === 0 ? (
        <p className="govuk-body" data-testid="no-spo">
          No stalking protection order consideration has been recorded yet.
        </p>
      ) : (
        <table className="govuk-table" data-testid="spo-considerations">
          <caption className="govuk-table__caption govuk-visually-hidden">
            Stalking protection order considerations, newest first
          </caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Date
              </th>
              <th scope="col" className="govuk-table__header">
                Considered by
              </th>
              <th scope="col" className="govuk-table__header">
                Decision
              </th>
              <th scope="col" className="govuk-table__header">
                Rationale
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {considerations.map((s) => (
              <tr className="govuk-table__row" key={s.id}>
                <td className="govuk-table__cell">{formatDate(s.consideredOn)}</td>
                <td className="govuk-table__cell">{s.consideredBy}</td>
                <td className="govuk-table__cell">{s.decisionLabel}</td>
                <td className="govuk-table__cell app-record-text">{s.rationale}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="govuk-body">
        <Link className="govuk-link" to={`/cases/${c.id}/orders`}>
          Back to offences and orders
        </Link>
      </p>
    </>
  );
}

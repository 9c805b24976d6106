import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { CaseHeader } from "~/components/case-header";
import { DateInput } from "~/components/date-input";
import { AppForm, Button, ErrorSummary, Radios, Select, TextArea } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { formatDate } from "~/domain/dates";
import { isoToParts } from "~/forms/date-field";
import { formValues } from "~/forms/parse-form";
import { requireActor } from "~/services/current-user.server";
import { askPage } from "~/services/pre-sentence-pages.server";
import { askForInput } from "~/services/pre-sentence-requests.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `Ask a partner for input: case ${data.case.reference}` : "Ask a partner for input");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return askPage(actor, params.caseId ?? "", params.reportId ?? "");
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const caseId = params.caseId ?? "";
  const reportId = params.reportId ?? "";
  const result = askForInput(actor, caseId, reportId, formValues(await request.formData()));
  if (!result.ok) return data({ errors: result.errors, values: result.values }, { status: 400 });
  throw redirect(
    `/cases/${encodeURIComponent(caseId)}/pre-sentence/${encodeURIComponent(reportId)}?done=asked#requests`,
  );
}

export default function AskForInput() {
  const { case: c, report, sections, recipients } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors = result?.errors;
  const v = result?.values;
  const text = (name: string) => (typeof v?.[name] === "string" ? (v[name] as string) : undefined);
  const back = `/cases/${c.id}/pre-sentence/${report.id}`;
  const preset = params.get("section");
  return (
    <>
      <ErrorSummary errors={errors} fieldOrder={["section", "to", "question", "due"]} />
      <CaseHeader c={c} title="Ask a partner for input" />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <p className="govuk-body">
            Pre-sentence input for {report.court}, sentencing hearing on {formatDate(report.hearingOn)}. The person you
            ask sees your question, the case reference, the court and the hearing date, not the draft. Their answer is
            added to the section you choose, with their name, agency and the date.
          </p>
          {recipients.length === 0 ? (
            <p className="govuk-body" data-testid="no-recipients">
              There is nobody from another agency on the case team to ask. Ask the case lead to add them to the team
              first.
            </p>
          ) : (
            <AppForm method="post">
              <Select
                name="section"
                label="Which section is the input for?"
                emptyText="Choose a section"
                value={text("section") ?? (preset && sections.some((s) => s.value === preset) ? preset : undefined)}
                error={errors?.section}
                items={sections}
              />
              <Radios
                name="to"
                legend="Who do you want to ask?"
                hint="People on the case team from other agencies."
                value={text("to")}
                error={errors?.to}
                items={recipients}
              />
              <TextArea
                name="question"
                label="Your question"
                labelSize="m"
                hint="Say what you need and why. Do not include anything they should not see."
                rows={5}
                defaultValue={text("question")}
                error={errors?.question}
              />
              <DateInput
                name="due"
                legend="When do you need the answer by?"
                hint={`No later than the sentencing hearing on ${formatDate(report.hearingOn)}. For example, ${Object.values(isoToParts(report.hearingOn)).join(" ")}`}
                value={{ day: text("due-day"), month: text("due-month"), year: text("due-year") }}
                error={errors?.due}
              />
              <div className="govuk-button-group">
                <Button>Send the question</Button>
                <Link className="govuk-link" to={back}>
                  Cancel
                </Link>
              </div>
            </AppForm>
          )}
          {recipients.length === 0 ? (
            <p className="govuk-body">
              <Link className="govuk-link" to={back}>
                Back to the draft
              </Link>
            </p>
          ) : null}
        </div>
      </div>
    </>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { CaseHeader } from "~/components/case-header";
import { AppForm, Button, ErrorSummary, Radios } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import {
  CASE_STATUS_LABELS,
  CLOSING_REASON_LABELS,
  CLOSING_REASONS,
  type ClosingReason,
} from "~/domain/case-vocabulary";
import { formValues } from "~/forms/parse-form";
import { changeStatus, statusForm } from "~/services/case-lifecycle.server";
import { requireActor } from "~/services/current-user.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `Change status: case ${data.case.reference}` : "Change status");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return statusForm(actor, params.caseId ?? "");
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const result = changeStatus(actor, params.caseId ?? "", formValues(await request.formData()));
  if (!result.ok) return data({ errors: result.errors, values: result.values }, { status: 400 });
  throw redirect(`/cases/${params.caseId}?done=status`);
}

export default function ChangeStatus() {
  const { case: c, closingReason, next } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const v = result?.values ?? {};
  const text = (name: string) => (typeof v[name] === "string" ? (v[name] as string) : undefined);
  return (
    <>
      <ErrorSummary errors={result?.errors} fieldOrder={["status", "closingReason"]} />
      <CaseHeader c={c} title="Change status" />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <p className="govuk-body">
            The case is {CASE_STATUS_LABELS[c.status].toLowerCase()}
            {c.status === "closed" && closingReason
              ? ` (${CLOSING_REASON_LABELS[closingReason as ClosingReason] ?? closingReason})`
              : ""}
            .
          </p>
          <AppForm method="post">
            <Radios
              name="status"
              legend="What is the new status?"
              hint={c.status === "closed" ? "A closed case can be reopened as active." : undefined}
              value={text("status")}
              error={result?.errors.status}
              items={next.map((s) => ({
                value: s,
                text: c.status === "closed" && s === "active" ? "Reopen as active" : CASE_STATUS_LABELS[s],
                conditional:
                  s === "closed" ? (
                    <Radios
                      name="closingReason"
                      legend="Why is the case closing?"
                      legendSize="s"
                      value={text("closingReason")}
                      error={result?.errors.closingReason}
                      items={CLOSING_REASONS.map((r) => ({ value: r, text: CLOSING_REASON_LABELS[r] }))}
                    />
                  ) : undefined,
              }))}
            />
            <Button>Change status</Button>
          </AppForm>
          <p className="govuk-body">
            <Link className="govuk-link" to={`/cases/${c.id}`}>
              Back to the case
            </Link>
          </p>
        </div>
      </div>
    </>
  );
}

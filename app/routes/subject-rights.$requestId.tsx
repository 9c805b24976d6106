import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AppForm, Button, ErrorSummary, Radios, TextArea } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { SummaryRow } from "~/components/summary-row";
import { doneText, SuccessBanner } from "~/components/success-banner";
import { formatDate } from "~/domain/dates";
import { formValues } from "~/forms/parse-form";
import { requireActor } from "~/services/current-user.server";
import { decideSubjectRights, getSubjectRights } from "~/services/subject-rights.server";

export const meta: MetaFunction = () => pageTitle("Rectification, objection or restriction request");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return {
    request: getSubjectRights(actor, params.requestId ?? ""),
    done: doneText(request, { decided: "Your decision is recorded and the request is closed" }),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const result = decideSubjectRights(actor, params.requestId ?? "", formValues(await request.formData()));
  if (!result.ok) return data({ errors: result.errors, values: result.values }, { status: 400 });
  throw redirect(`/subject-rights/${params.requestId}?done=decided`);
}

export default function SubjectRightsRequest() {
  const { request: r, done } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const v = (result?.values ?? {}) as Record<string, string>;
  return (
    <>
      <SuccessBanner text={done} />
      <ErrorSummary errors={result?.errors} fieldOrder={["decision", "decisionReason"]} />
      <span className="govuk-caption-l">{r.rightLabel.split(":")[0]} request</span>
      <h1 className="govuk-heading-l">{r.personName}</h1>
      <dl className="govuk-summary-list">
        <SummaryRow label="Asks for">{r.rightLabel}</SummaryRow>
        <SummaryRow label="Received">{formatDate(r.receivedOn)}</SummaryRow>
        <SummaryRow label="Decide by">{formatDate(r.dueOn)}</SummaryRow>
        <SummaryRow label="What the person says" valueClassName="app-record-text">
          {r.statement}
        </SummaryRow>
        <SummaryRow label="Records concerned">
          <ul className="govuk-list">
            {r.records.map((x) => (
              <li key={x.recordId}>
                {x.caseReference}: {x.categoryLabel}, {x.title}, recorded {formatDate(x.recordedOn)}
              </li>
            ))}
          </ul>
        </SummaryRow>
        {r.status === "open" ? null : (
          <>
            <SummaryRow label="Decision">
              <span data-testid="subject-rights-decision">
                {r.status === "accepted" ? "Accepted" : "Refused"}
                {r.decidedAt ? ` on ${formatDate(r.decidedAt)}` : ""}
                {r.decidedByName ? ` by ${r.decidedByName}` : ""}
              </span>
            </SummaryRow>
            <SummaryRow label="Reason" valueClassName="app-record-text">
              {r.decisionReason}
            </SummaryRow>
          </>
        )}
      </dl>
      {r.status === "open" ? (
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <h2 className="govuk-heading-m">Your agency&apos;s decision</h2>
            <p className="govuk-body">
              Make any correction, restriction or stop through the records themselves first; then record the decision
              here. A refusal must say why and that the person may complain to the Information Commissioner.
            </p>
            <AppForm method="post" noValidate>
              <Radios
                name="decision"
                legend="Decision"
                legendSize="s"
                error={result?.errors.decision}
                value={v.decision}
                items={[
                  { value: "accept", text: "Accept" },
                  { value: "refuse", text: "Refuse" },
                ]}
              />
              <TextArea
                name="decisionReason"
                label="The reason, and what was done"
                labelSize="s"
                error={result?.errors.decisionReason}
                defaultValue={v.decisionReason}
                rows={4}
              />
              <Button>Record the decision</Button>
            </AppForm>
          </div>
        </div>
      ) : null}
    </>
  );
}

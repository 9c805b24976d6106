import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { CaseHeader } from "~/components/case-header";
import { AppForm, Button, ErrorSummary, TextArea } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { DueDate, RequestStatusTag } from "~/components/pre-sentence";
import { doneText } from "~/components/success-banner";
import { formatDate, formatDateTime } from "~/domain/dates";
import { formValues } from "~/forms/parse-form";
import { requireActor } from "~/services/current-user.server";
import { answerInputRequest, declineInputRequest, inputRequest } from "~/services/pre-sentence-requests.server";
import { SummaryRow } from "~/components/summary-row";

// The partner's side of a request for pre-sentence input: the question (never the draft), and their answer or
// their reason for declining.

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `Input asked of you: case ${data.request.reference}` : "Input asked of you");

const DONE = { answered: "Answer sent", declined: "Question declined" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const { case: c, ...q } = inputRequest(actor, params.caseId ?? "", params.requestId ?? "");
  return { case: c, request: q, done: doneText(request, DONE) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const caseId = params.caseId ?? "";
  const requestId = params.requestId ?? "";
  const values = formValues(await request.formData());
  const decline = values.intent === "decline";
  const result = decline
    ? declineInputRequest(actor, caseId, requestId, values)
    : answerInputRequest(actor, caseId, requestId, values);
  if (!result.ok)
    return data(
      { intent: decline ? "decline" : "answer", errors: result.errors, values: result.values },
      { status: 400 },
    );
  throw redirect(
    `/cases/${encodeURIComponent(caseId)}/pre-sentence/requests/${encodeURIComponent(requestId)}?done=${decline ? "declined" : "answered"}`,
  );
}

export default function InputRequestPage() {
  const { case: c, request: q, done } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const sent = (name: string) =>
    typeof result?.values[name] === "string" ? (result.values[name] as string) : undefined;
  const declining = result?.intent === "decline";
  return (
    <>
      <ErrorSummary errors={result?.errors} />
      <CaseHeader c={c} title="Input asked of you for pre-sentence input" />
      {done && !result ? (
        <div className="govuk-panel govuk-panel--confirmation" data-testid="confirmation">
          <h2 className="govuk-panel__title">{done}</h2>
          <div className="govuk-panel__body">
            {q.status === "answered"
              ? "Your answer has been added to the pre-sentence input, with your name and agency"
              : `${q.requestedBy} has been told`}
          </div>
        </div>
      ) : null}
      <dl className="govuk-summary-list" data-testid="question">
        <SummaryRow label="Case">{q.reference}</SummaryRow>
        <SummaryRow label="Court">{q.court}</SummaryRow>
        <SummaryRow label="Sentencing hearing">{formatDate(q.hearingOn)}</SummaryRow>
        <SummaryRow label="Section">{q.section}</SummaryRow>
        <SummaryRow label="Asked by">
          {q.requestedBy}, {formatDateTime(q.requestedAt)}
        </SummaryRow>
        <SummaryRow label="Needed by">
          <DueDate dueOn={q.dueOn} overdue={q.overdue} />
        </SummaryRow>
        <SummaryRow label="Status">
          <RequestStatusTag status={q.status} />
        </SummaryRow>
        <SummaryRow label="Question">
          <span className="app-multiline">{q.question}</span>
        </SummaryRow>
        {q.status === "answered" && q.answer !== null ? (
          <SummaryRow label="Your answer">
            <span className="app-multiline" data-testid="answer">
              {q.answer}
            </span>
          </SummaryRow>
        ) : null}
        {q.status === "declined" && q.declineReason !== null ? (
          <SummaryRow label="Why you declined">
            <span className="app-multiline">{q.declineReason}</span>
          </SummaryRow>
        ) : null}
      </dl>
      {q.status === "withdrawn" ? (
        <p className="govuk-inset-text">
          This question was withdrawn: the pre-sentence input has been signed off without it.
        </p>
      ) : null}
      {q.status === "open" ? (
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <AppForm method="post">
              <input type="hidden" name="intent" value="answer" />
              <TextArea
                name="answer"
                label="Your answer"
                labelSize="m"
                hint="Your answer is added to the pre-sentence input with your name, your agency and today's date, and may be read out in court. Do not include the victim's contact details."
                rows={8}
                defaultValue={declining ? undefined : sent("answer")}
                error={declining ? undefined : result?.errors.answer}
              />
              <Button>Send your answer</Button>
            </AppForm>
            <details className="govuk-details" open={declining}>
              <summary className="govuk-details__summary">
                <span className="govuk-details__summary-text">I cannot answer this</span>
              </summary>
              <div className="govuk-details__text">
                <AppForm method="post">
                  <input type="hidden" name="intent" value="decline" />
                  <TextArea
                    name="reason"
                    label="Why can you not answer?"
                    labelSize="s"
                    hint={`${q.requestedBy} is told your reason.`}
                    rows={3}
                    defaultValue={declining ? sent("reason") : undefined}
                    error={declining ? result?.errors.reason : undefined}
                  />
                  <Button secondary>Decline the question</Button>
                </AppForm>
              </div>
            </details>
          </div>
        </div>
      ) : null}
    </>
  );
}

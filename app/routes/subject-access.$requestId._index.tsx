import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { DateInput } from "~/components/date-input";
import { AppForm, Button, ErrorSummary, Radios, TextArea } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { SummaryRow } from "~/components/summary-row";
import { doneText, SuccessBanner } from "~/components/success-banner";
import { formatDate } from "~/domain/dates";
import { ANSWER_METHOD_LABELS, ANSWER_METHODS, documentKindText, type Segment } from "~/domain/subject-access";
import { formValues } from "~/forms/parse-form";
import { requireActor } from "~/services/current-user.server";
import { answerSubjectAccess, extendSubjectAccess, getSubjectAccess } from "~/services/subject-access.server";

export const meta: MetaFunction = () => pageTitle("Subject access request");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return {
    request: getSubjectAccess(actor, params.requestId ?? ""),
    done: doneText(request, {
      decided: "Your decision on the record is saved",
      extended: "The deadline is extended",
      answered: "The answer is recorded and the request is closed",
    }),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const values = formValues(await request.formData());
  const answering = values.intent === "answer";
  const result = answering
    ? answerSubjectAccess(actor, params.requestId ?? "", values)
    : extendSubjectAccess(actor, params.requestId ?? "", values);
  if (!result.ok) return data({ errors: result.errors, values: result.values }, { status: 400 });
  throw redirect(`/subject-access/${params.requestId}?done=${answering ? "answered" : "extended"}`);
}

/** Text with other people's details highlighted for the lead to confirm withholding. */
function Marked({ segments }: { segments: Segment[] }) {
  return (
    <>
      {segments.map((s, i) =>
        s.thirdParty ? (
          <mark key={i} className="app-third-party" data-testid="third-party">
            <span className="govuk-visually-hidden">Another person&apos;s details: </span>
            {s.text}
          </mark>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </>
  );
}

export default function SubjectAccessRequest() {
  const { request: r, done } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const answerValues = (result?.values ?? {}) as Record<string, string>;
  return (
    <>
      <SuccessBanner text={done} />
      <ErrorSummary errors={result?.errors} fieldOrder={["bundle", "sentOn", "method", "extensionReason"]} />
      <span className="govuk-caption-l">Subject access request</span>
      <h1 className="govuk-heading-l">{r.personName}</h1>
      <dl className="govuk-summary-list">
        <SummaryRow label="Received">{formatDate(r.receivedOn)}</SummaryRow>
        <SummaryRow label="Answer by">
          {formatDate(r.extendedTo ?? r.dueOn)}
          {r.extendedTo ? " (extended)" : ""}
        </SummaryRow>
        <SummaryRow label="Records found">{r.items.length}</SummaryRow>
        {r.answer ? (
          <SummaryRow label="Answered">
            <span data-testid="answered">
              Sent {formatDate(r.answer.sentOn)},{" "}
              {r.answer.methodLabel.charAt(0).toLowerCase() + r.answer.methodLabel.slice(1)}
              {r.answer.late ? " (after the deadline)" : ""}
            </span>
          </SummaryRow>
        ) : null}
        {r.bundle ? (
          <SummaryRow label={r.answer ? "Bundle sent" : "Bundle last downloaded"}>
            {formatDate(r.bundle.exportedAt)}: {r.bundle.disclosed} disclosed, {r.bundle.withheld} withheld
            <span className="govuk-body-s govuk-!-display-block app-wrap-anywhere">SHA-256 {r.bundle.sha256}</span>
          </SummaryRow>
        ) : null}
      </dl>
      <p className="govuk-body">
        <a className="govuk-button" id="bundle" href={`/subject-access/${r.id}.pdf`} download data-testid="bundle-pdf">
          Download the bundle (PDF)
        </a>
      </p>
      <h2 className="govuk-heading-m">The records found</h2>
      <p className="govuk-body">
        Other people&apos;s names and anything that looks like contact details are highlighted: they are withheld from
        the bundle unless you decide otherwise. Records another agency holds are listed but not shown: that agency
        answers for them.
      </p>
      {r.items.map((i) => (
        <div className="govuk-summary-card" key={i.recordId} data-testid="subject-access-item">
          <div className="govuk-summary-card__title-wrapper">
            <h3 className="govuk-summary-card__title">
              {i.caseReference}: {i.categoryLabel}, {i.agencyName}, {formatDate(i.recordedOn)}
            </h3>
            <ul className="govuk-summary-card__actions">
              <li className="govuk-summary-card__action">
                <Link className="govuk-link" to={`/subject-access/${r.id}/records/${i.recordId}`}>
                  Change the decision
                  <span className="govuk-visually-hidden">
                    {" "}
                    on {i.categoryLabel} of {i.caseReference}
                  </span>
                </Link>
              </li>
            </ul>
          </div>
          <div className="govuk-summary-card__content">
            <dl className="govuk-summary-list">
              <SummaryRow label="Decision">
                {i.decision === "disclose"
                  ? i.withholdThirdParties
                    ? "Disclose, other people's details withheld"
                    : "Disclose in full"
                  : `Withhold: ${i.exemptionLabel ?? ""}`}
                {i.reason ? `. ${i.reason}` : ""}
              </SummaryRow>
              {i.document ? (
                <SummaryRow label="Document">
                  {i.document.fileName ? <Marked segments={i.document.fileName} /> : "A document"} (
                  {documentKindText(i.document.mediaType, i.document.bytes)}){" "}
                  {i.document.released ? (
                    <a
                      className="govuk-link"
                      href={`/subject-access/${r.id}/documents/${i.recordId}`}
                      download
                      data-testid="released-document"
                    >
                      Download the released file<span className="govuk-visually-hidden"> for {i.caseReference}</span>
                    </a>
                  ) : (
                    "Not released"
                  )}
                </SummaryRow>
              ) : null}
              {i.content ? (
                <>
                  <SummaryRow label="Title">
                    <Marked segments={i.content.title} />
                  </SummaryRow>
                  <SummaryRow label="Summary">
                    <Marked segments={i.content.summary} />
                  </SummaryRow>
                  <SummaryRow label="Record" valueClassName="app-pre-line">
                    <Marked segments={i.content.body} />
                  </SummaryRow>
                </>
              ) : null}
            </dl>
          </div>
        </div>
      ))}
      {r.answer ? null : (
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <h2 className="govuk-heading-m">Record the answer as sent</h2>
            <p className="govuk-body">
              When you have sent the person the bundle you last downloaded, record it here: the request and its deadline
              are then closed. A change to any decision after a download means downloading the bundle again.
            </p>
            <AppForm method="post" noValidate>
              <input type="hidden" name="intent" value="answer" />
              <DateInput
                name="sentOn"
                legend="When the answer was sent"
                legendSize="s"
                hint="For example, 1 12 2026"
                error={result?.errors.sentOn}
                value={{
                  day: answerValues["sentOn-day"],
                  month: answerValues["sentOn-month"],
                  year: answerValues["sentOn-year"],
                }}
              />
              <Radios
                name="method"
                legend="How it was sent"
                legendSize="s"
                error={result?.errors.method}
                value={answerValues.method}
                items={ANSWER_METHODS.map((m) => ({ value: m, text: ANSWER_METHOD_LABELS[m] }))}
              />
              <Button>Record the answer</Button>
            </AppForm>
          </div>
        </div>
      )}
      {r.extendedTo || r.answer ? null : (
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <h2 className="govuk-heading-m">Extend the deadline</h2>
            <p className="govuk-body">
              When the request is complex or numerous, by two further months (to {formatDate(r.latestExtension)}). Tell
              the person why within the first month.
            </p>
            <AppForm method="post" noValidate>
              <TextArea
                name="extensionReason"
                label="Why the request needs longer"
                error={result?.errors.extensionReason}
                rows={3}
              />
              <Button secondary>Extend the deadline</Button>
            </AppForm>
          </div>
        </div>
      )}
    </>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { TableContainer } from "~/components/table-container";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { CaseHeader } from "~/components/case-header";
import { AppForm, Button, ErrorSummary, Select, TextArea } from "~/components/forms";
import { ProposalForm, ProposalSummary } from "~/components/pre-sentence-proposal";
import { pageTitle } from "~/components/page-title";
import { DueDate, ProvenanceLine, PsrStateTag, RequestStatusTag, SignOffForms } from "~/components/pre-sentence";
import { doneText, SuccessBanner } from "~/components/success-banner";
import { WithheldValue } from "~/components/withheld";
import { formatDate, formatDateTime } from "~/domain/dates";
import { PSR_PROPOSALS, PSR_REPORT_TYPES, psrSection } from "~/domain/pre-sentence";
import { formValues } from "~/forms/parse-form";
import { requireActor } from "~/services/current-user.server";
import { editStatement, moveStatement } from "~/services/pre-sentence-editing.server";
import { setSentenceProposal } from "~/services/pre-sentence-proposal.server";
import {
  addOwnText,
  confirmNotContactDetails,
  keepAsAtConviction,
  refreshStatement,
  removeStatement,
  reportView,
  returnReport,
  signOffReport,
  submitReport,
  type ReportView,
  type Result,
  type StatementView,
} from "~/services/pre-sentence.server";
import { SummaryRow } from "~/components/summary-row";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `Pre-sentence input: case ${data.view.reference}` : "Pre-sentence input");

const DONE = {
  started: "Pre-sentence input started",
  pulled: "Statements added to the draft",
  text: "Your text was added",
  removed: "Statement removed",
  refreshed: "The statement now has its source's current text",
  confirmed: "You confirmed the statement holds no contact details",
  kept: "The statement now has its source's text as at the date of conviction",
  edited: "Statement changed",
  moved: "Statement moved",
  proposals: "Proposal saved",
  asked: "Your question was sent",
  submitted: "Submitted for sign-off",
  signed_off: "Pre-sentence input signed off",
  returned: "Returned to the author for changes",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  // The section last worked on is shown open (the others collapse); only a known section code is taken.
  const open = psrSection(new URL(request.url).searchParams.get("open") ?? "")?.code ?? null;
  return { view: reportView(actor, params.caseId ?? "", params.reportId ?? ""), done: doneText(request, DONE), open };
}

type Values = Record<string, string | string[]>;

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const caseId = params.caseId ?? "";
  const reportId = params.reportId ?? "";
  const values = formValues(await request.formData());
  const intent = typeof values.intent === "string" ? values.intent : "";
  // The section only places the page back where the person was; the services check it where it matters.
  const section = typeof values.section === "string" && psrSection(values.section) ? values.section : null;
  const run = (): [Result, keyof typeof DONE] | null => {
    switch (intent) {
      case "own_text":
        return [addOwnText(actor, caseId, reportId, values), "text"];
      case "remove":
        return [removeStatement(actor, caseId, reportId, values), "removed"];
      case "refresh":
        return [refreshStatement(actor, caseId, reportId, values), "refreshed"];
      case "keep_as_at":
        return [keepAsAtConviction(actor, caseId, reportId, values), "kept"];
      case "edit":
        return [editStatement(actor, caseId, reportId, values), "edited"];
      case "move":
        return [moveStatement(actor, caseId, reportId, values), "moved"];
      case "contact_override":
        return [confirmNotContactDetails(actor, caseId, reportId, values), "confirmed"];
      case "sentence_proposal":
        return [setSentenceProposal(actor, caseId, reportId, values), "proposals"];
      case "submit":
        return [submitReport(actor, caseId, reportId), "submitted"];
      case "sign_off":
        return [signOffReport(actor, caseId, reportId), "signed_off"];
      case "return":
        return [returnReport(actor, caseId, reportId, values), "returned"];
      default:
        return null;
    }
  };
  const outcome = run();
  if (!outcome)
    return data(
      {
        intent,
        section,
        errors: { form: "Choose what to do" } as Record<string, string>,
        values: {} as Values,
        offerContactOverride: false,
      },
      { status: 400 },
    );
  const [result, done] = outcome;
  if (!result.ok)
    return data(
      {
        intent,
        section,
        errors: result.errors,
        values: result.values,
        offerContactOverride: result.offerContactOverride ?? false,
      },
      { status: 400 },
    );
  throw redirect(
    `/cases/${encodeURIComponent(caseId)}/pre-sentence/${encodeURIComponent(reportId)}?done=${done}${section ? `&open=${section}#section-${section}` : ""}`,
  );
}

/** The error summary's links point at the field of the form that was sent (several forms share field names). */
function summaryErrors(
  result: { intent: string; section: string | null; errors: Record<string, string>; values: Values } | undefined,
): Record<string, string> | undefined {
  if (!result) return undefined;
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(result.errors)) {
    if (result.intent === "own_text" && field === "text" && result.section) out[`text-${result.section}`] = message;
    else if (result.intent === "own_text" && field === "before" && result.section)
      out[`before-${result.section}`] = message;
    else if (result.intent === "edit" && field === "text" && typeof result.values.statementId === "string")
      out[`edit-${result.values.statementId}`] = message;
    // The proposal's fields are named uniquely on the page, so each message links to its own field.
    else if (
      (result.intent === "sentence_proposal" && field !== "form") ||
      (result.intent === "return" && field === "reason")
    )
      out[field] = message;
    else out.form = message;
  }
  return out;
}

export default function PreSentenceReport() {
  const { view, done, open } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = summaryErrors(result);
  const sent = (name: string) =>
    typeof result?.values[name] === "string" ? (result.values[name] as string) : undefined;
  const base = `/cases/${view.caseId}/pre-sentence/${view.id}`;
  return (
    <>
      <SuccessBanner text={result ? null : done} />
      <ErrorSummary errors={errors} />
      <CaseHeader c={view.case} title="Pre-sentence input" />
      <p className="govuk-body app-no-print">
        <Link className="govuk-link" to={`/cases/${view.caseId}/pre-sentence`}>
          All pre-sentence input on this case
        </Link>
      </p>
      <dl className="govuk-summary-list" data-testid="report-details">
        {view.defendants.map((d, i) => (
          <SummaryRow key={i} label="Defendant">
            {d.name}
            {"withheld" in d ? (
              <span className="govuk-!-display-block govuk-body-s">
                Date of birth and PNC number: <WithheldValue value={d.withheld} />
              </span>
            ) : (
              <span className="govuk-!-display-block govuk-body-s">
                Date of birth: {d.dateOfBirth ? formatDate(d.dateOfBirth) : "not recorded"}. PNC number:{" "}
                {d.pnc ?? "not recorded"}
              </span>
            )}
          </SummaryRow>
        ))}
        <SummaryRow label="Case reference">{view.reference}</SummaryRow>
        <SummaryRow label="Court">{view.court}</SummaryRow>
        {view.reportType ? <SummaryRow label="Report">{PSR_REPORT_TYPES[view.reportType]}</SummaryRow> : null}
        {view.convictedOn ? <SummaryRow label="Date of conviction">{formatDate(view.convictedOn)}</SummaryRow> : null}
        <SummaryRow label="Sentencing hearing">{formatDate(view.hearingOn)}</SummaryRow>
        <SummaryRow label="Offences convicted">
          {view.offences.length ? (
            <ul className="govuk-list">
              {view.offencesInFull.map((o) => (
                <li key={o.offence}>
                  {o.offence}
                  {o.statute && !o.offence.includes(o.statute) ? ` (${o.statute})` : ""}
                </li>
              ))}
            </ul>
          ) : (
            "None you can see"
          )}
        </SummaryRow>
        <SummaryRow label="Status">
          <PsrStateTag state={view.state} />
        </SummaryRow>
        <SummaryRow label="Prepared by">
          {view.author}, {view.authorAgency}
        </SummaryRow>
        {view.submittedAt ? <SummaryRow label="Submitted">{formatDateTime(view.submittedAt)}</SummaryRow> : null}
        {view.signedOffAt ? (
          <SummaryRow label="Signed off">
            {formatDateTime(view.signedOffAt)}
            {view.signedOffBy ? ` by ${view.signedOffBy}` : ""}
          </SummaryRow>
        ) : null}
      </dl>
      {view.returnReason && view.state === "draft" ? (
        <div className="govuk-inset-text" data-testid="returned">
          Returned for changes{view.returnedBy ? ` by ${view.returnedBy}` : ""}:{" "}
          <span className="app-multiline">{view.returnReason}</span>
        </div>
      ) : null}
      {view.attention && view.mayEdit ? <AttentionWarning view={view} /> : null}

      {view.sections.map((s) => {
        const attention = s.statements.filter(needsAttention).length;
        // Long drafts collapse: a section is open when it is empty, was just worked on, needs attention, holds an
        // error, or the reader cannot change it (a senior probation officer reads it all to sign it off).
        const isOpen =
          !view.mayEdit || !s.statements.length || open === s.code || attention > 0 || result?.section === s.code;
        return (
          <section
            key={s.code}
            id={`section-${s.code}`}
            aria-labelledby={`heading-${s.code}`}
            className="govuk-!-margin-bottom-6"
            data-testid={`section-${s.code}`}
          >
            <h2 className="govuk-heading-m govuk-!-margin-bottom-2" id={`heading-${s.code}`}>
              {s.heading}
            </h2>
            <p className="govuk-body-s app-secondary-text" data-testid="section-count">
              {s.statements.length === 1 ? "1 statement" : `${s.statements.length} statements`}
              {attention ? `, ${attention} ${attention === 1 ? "needs" : "need"} your attention` : ""}
            </p>
            <details className="govuk-details app-psr-section" open={isOpen} data-testid="section-details">
              <summary className="govuk-details__summary">
                <span className="govuk-details__summary-text">
                  Statements<span className="govuk-visually-hidden"> in {s.heading}</span>
                  {view.mayEdit ? " and adding text" : ""}
                </span>
              </summary>
              <div className="govuk-details__text">
                <p className="govuk-hint">{s.hint}</p>
                {s.code === "proposal" ? <Proposals view={view} result={result} /> : null}
                {s.statements.length ? (
                  <ol className="govuk-list app-psr-statements">
                    {s.statements.map((st, i) => (
                      <Statement
                        key={st.id}
                        s={st}
                        n={i + 1}
                        last={i === s.statements.length - 1}
                        heading={s.heading}
                        section={s.code}
                        view={view}
                        result={result}
                      />
                    ))}
                  </ol>
                ) : (
                  <p className="govuk-body" data-testid="no-statements">
                    Nothing added yet.
                  </p>
                )}
                {view.mayEdit ? (
                  <>
                    {s.pullable ? (
                      <p className="govuk-body">
                        <Link className="govuk-link" to={`${base}/sections/${s.code}`}>
                          Pull statements from records<span className="govuk-visually-hidden"> into {s.heading}</span>
                        </Link>
                      </p>
                    ) : null}
                    <AppForm method="post" key={`${s.code}-${s.statements.length}`}>
                      <input type="hidden" name="intent" value="own_text" />
                      <input type="hidden" name="section" value={s.code} />
                      <TextArea
                        name="text"
                        id={`text-${s.code}`}
                        label={
                          s.code === "proposal"
                            ? "Add your own text: anything more the court should weigh"
                            : "Add your own text"
                        }
                        labelSize="s"
                        rows={4}
                        defaultValue={
                          result?.intent === "own_text" && result.section === s.code ? sent("text") : undefined
                        }
                        error={
                          result?.intent === "own_text" && result.section === s.code ? result.errors.text : undefined
                        }
                      />
                      {s.statements.length ? (
                        <Select
                          name="before"
                          id={`before-${s.code}`}
                          label="Where it goes"
                          value={
                            result?.intent === "own_text" && result.section === s.code ? sent("before") : undefined
                          }
                          error={
                            result?.intent === "own_text" && result.section === s.code
                              ? result.errors.before
                              : undefined
                          }
                          emptyText="At the end"
                          items={s.statements.map((st, i) => ({
                            value: st.id,
                            text: `Before statement ${i + 1}${st.withheld ? "" : `: ${st.text.slice(0, 60)}${st.text.length > 60 ? "…" : ""}`}`,
                          }))}
                        />
                      ) : null}
                      {result?.intent === "own_text" && result.section === s.code && result.offerContactOverride ? (
                        <ContactOverride id={`contact-override-${s.code}`} />
                      ) : null}
                      <Button secondary>
                        Add your text<span className="govuk-visually-hidden"> to {s.heading}</span>
                      </Button>
                    </AppForm>
                  </>
                ) : null}
              </div>
            </details>
          </section>
        );
      })}

      <section id="sources" aria-labelledby="sources-heading" className="govuk-!-margin-bottom-8" data-testid="sources">
        <h2 className="govuk-heading-m" id="sources-heading">
          Sources
        </h2>
        {view.sources.length ? (
          <ul className="govuk-list govuk-list--bullet">
            {view.sources.map((src, i) => (
              <li key={i}>
                {[
                  src.label,
                  src.agency,
                  src.author,
                  src.version === null ? "" : `version ${src.version}`,
                  src.date ? formatDate(src.date) : "",
                ]
                  .filter(Boolean)
                  .join(", ")}
              </li>
            ))}
          </ul>
        ) : (
          <p className="govuk-body">No statement has been taken from a record or a partner yet.</p>
        )}
      </section>

      <section id="requests" aria-labelledby="requests-heading" className="govuk-!-margin-bottom-8">
        <h2 className="govuk-heading-m" id="requests-heading">
          Requests for input
        </h2>
        {view.requests.length === 0 ? (
          <p className="govuk-body" data-testid="no-requests">
            No partner has been asked for input.
          </p>
        ) : (
          <TableContainer label="Input asked of partners">
            <table className="govuk-table" data-testid="requests">
              <caption className="govuk-table__caption govuk-visually-hidden">Requests for input</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">
                    Asked of
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Section and question
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Due
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Status
                  </th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {view.requests.map((q) => (
                  <tr className="govuk-table__row" key={q.id} data-testid="request-row">
                    <td className="govuk-table__cell">
                      {q.to}, {q.toAgency}
                    </td>
                    <td className="govuk-table__cell">
                      <span className="govuk-!-font-weight-bold">{psrSection(q.section)?.heading ?? q.section}</span>
                      <br />
                      <span className="app-multiline">{q.question}</span>
                      {q.status === "declined" && q.declineReason ? (
                        <span className="govuk-body-s govuk-!-display-block">Declined: {q.declineReason}</span>
                      ) : null}
                    </td>
                    <td className="govuk-table__cell">
                      <DueDate dueOn={q.dueOn} overdue={q.overdue} />
                    </td>
                    <td className="govuk-table__cell">
                      <RequestStatusTag status={q.status} />
                      {q.answeredAt ? (
                        <span className="govuk-body-s govuk-!-display-block">{formatDate(q.answeredAt)}</span>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableContainer>
        )}
        {view.mayEdit ? (
          <p className="govuk-body">
            <Link className="govuk-link" to={`${base}/ask`}>
              Ask a partner for input
            </Link>
          </p>
        ) : null}
      </section>

      {view.mayEdit ? (
        <section aria-labelledby="submit-heading" className="app-no-print">
          <h2 className="govuk-heading-m" id="submit-heading">
            Submit for sign-off
          </h2>
          <p className="govuk-body">
            A senior probation officer in your agency checks it and signs it off, or returns it to you with what needs
            to change. You cannot change it while it waits.
          </p>
          <AppForm method="post">
            <Button name="intent" value="submit">
              Submit for sign-off
            </Button>
          </AppForm>
        </section>
      ) : null}
      {view.state === "submitted" && view.isAuthor ? (
        <p className="govuk-inset-text" data-testid="waiting">
          Waiting for a senior probation officer in your agency to sign it off. You cannot sign off pre-sentence input
          you wrote.
        </p>
      ) : null}
      {view.maySignOff ? (
        <SignOffForms
          reason={result?.intent === "return" ? sent("reason") : undefined}
          reasonError={result?.intent === "return" ? result.errors.reason : undefined}
        />
      ) : null}
      {view.state === "signed_off" ? (
        <section aria-labelledby="download-heading" className="app-no-print" data-testid="downloads">
          <h2 className="govuk-heading-m" id="download-heading">
            Download
          </h2>
          <p className="govuk-body">
            Each statement taken from a record or a partner gives its source in a footnote. The files are
            OFFICIAL-SENSITIVE.
          </p>
          <ul className="govuk-list">
            <li>
              <a className="govuk-link" href={`${base}.docx`} download>
                Download (Word)
              </a>
            </li>
            <li>
              <a className="govuk-link" href={`${base}.pdf`} download>
                Download (PDF)
              </a>
            </li>
          </ul>
        </section>
      ) : null}
    </>
  );
}

/** "2 statements need your attention", linking to the first; the link moves focus to the statement. */
function AttentionWarning({ view }: { view: ReportView }) {
  const first = view.sections.flatMap((s) => s.statements).find(needsAttention);
  const n = view.attention;
  return (
    <Warning>
      <span data-testid="attention">
        {first ? (
          <a className="govuk-link" href={`#statement-${first.id}`}>
            {n === 1 ? "1 statement needs" : `${n} statements need`} your attention
          </a>
        ) : (
          `${n === 1 ? "1 statement needs" : `${n} statements need`} your attention`
        )}
        : a source that changed or became unavailable, or text that looks like contact details.
      </span>
    </Warning>
  );
}

/** The author's override for text that only looks like contact details (a court's address): audited. */
function ContactOverride({ id }: { id: string }) {
  return (
    <div className="govuk-form-group">
      <div className="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
        <div className="govuk-checkboxes__item">
          <input className="govuk-checkboxes__input" id={id} name="contactOverride" type="checkbox" value="confirmed" />
          <label className="govuk-label govuk-checkboxes__label" htmlFor={id}>
            It is not anyone&apos;s contact details (for example, a court&apos;s address): add it anyway
          </label>
        </div>
      </div>
    </div>
  );
}

function Warning({ children }: { children: ReactNode }) {
  return (
    <div className="govuk-warning-text">
      <span className="govuk-warning-text__icon" aria-hidden="true">
        !
      </span>
      <strong className="govuk-warning-text__text">
        <span className="govuk-visually-hidden">Warning</span> {children}
      </strong>
    </div>
  );
}

const needsAttention = (st: StatementView) => st.standing !== "current" || st.contactNotice !== null;

type ActionResult =
  | {
      intent: string;
      section: string | null;
      errors: Record<string, string>;
      values: Values;
      offerContactOverride: boolean;
    }
  | undefined;

function Statement({
  s,
  n,
  last,
  heading,
  section,
  view,
  result,
}: {
  s: StatementView;
  n: number;
  last: boolean;
  heading: string;
  section: string;
  view: ReportView;
  result: ActionResult;
}) {
  const what = `statement ${n} of ${heading}`;
  const hidden = (form: { intent: string; extra?: [string, string] }) => (
    <>
      <input type="hidden" name="intent" value={form.intent} />
      <input type="hidden" name="statementId" value={s.id} />
      <input type="hidden" name="section" value={section} />
      {form.extra ? <input type="hidden" name={form.extra[0]} value={form.extra[1]} /> : null}
    </>
  );
  const editResult = result?.intent === "edit" && result.values.statementId === s.id ? result : undefined;
  return (
    <li
      className="app-psr-statement"
      id={`statement-${s.id}`}
      tabIndex={-1}
      data-testid="statement"
      data-origin={s.origin}
    >
      {s.withheld ? (
        <p className="govuk-body" data-testid="statement-withheld">
          A statement from a record you cannot now see:{" "}
          <WithheldValue
            value={{ withheld: true, heldBy: s.provenance?.agency || "another agency" }}
            requestHref={`/cases/${view.caseId}/request-access`}
          />
        </p>
      ) : (
        <p className="govuk-body app-multiline govuk-!-margin-bottom-1" data-testid="statement-text">
          {s.text}
        </p>
      )}
      {!s.withheld && s.provenance ? (
        <ProvenanceLine provenance={s.provenance} adapted={s.adaptedFrom !== null} />
      ) : s.origin === "own" ? (
        <p className="govuk-body-s app-secondary-text">Written by {s.addedBy}</p>
      ) : null}
      {s.adaptedFrom !== null ? (
        <details className="govuk-details govuk-!-margin-bottom-2">
          <summary className="govuk-details__summary">
            <span className="govuk-details__summary-text">
              Original text<span className="govuk-visually-hidden"> of {what}</span>
            </span>
          </summary>
          <div className="govuk-details__text app-multiline" data-testid="original-text">
            {s.adaptedFrom}
          </div>
        </details>
      ) : null}
      {s.standingMessage && !s.withheld ? <Warning>{s.standingMessage}</Warning> : null}
      {s.withheld && view.mayEdit && s.standingMessage ? (
        <p className="govuk-body-s">{s.standingMessage}. Remove it before submitting.</p>
      ) : null}
      {s.contactNotice ? (
        <Warning>
          {s.contactNotice}. Pre-sentence input goes to the court and the defence: remove or edit it, or confirm it is
          not anyone&apos;s contact details.
        </Warning>
      ) : null}
      {view.mayEdit ? (
        <>
          <div className="govuk-button-group">
            {s.standing === "changed" || s.asAtConviction || s.mayKeepAsAtConviction ? (
              <AppForm method="post">
                {hidden({ intent: "refresh" })}
                <Button secondary>
                  Use the current text<span className="govuk-visually-hidden"> for {what}</span>
                </Button>
              </AppForm>
            ) : null}
            {s.mayKeepAsAtConviction && view.convictedOn ? (
              <AppForm method="post">
                {hidden({ intent: "keep_as_at" })}
                <Button secondary>
                  Keep as at conviction ({formatDate(view.convictedOn)})
                  <span className="govuk-visually-hidden"> for {what}</span>
                </Button>
              </AppForm>
            ) : null}
            {s.contactNotice ? (
              <AppForm method="post">
                {hidden({ intent: "contact_override" })}
                <Button secondary>
                  It is not contact details<span className="govuk-visually-hidden">: {what}</span>
                </Button>
              </AppForm>
            ) : null}
            {n > 1 ? (
              <AppForm method="post">
                {hidden({ intent: "move", extra: ["direction", "up"] })}
                <Button secondary>
                  Move up<span className="govuk-visually-hidden"> {what}</span>
                </Button>
              </AppForm>
            ) : null}
            {!last ? (
              <AppForm method="post">
                {hidden({ intent: "move", extra: ["direction", "down"] })}
                <Button secondary>
                  Move down<span className="govuk-visually-hidden"> {what}</span>
                </Button>
              </AppForm>
            ) : null}
            <AppForm method="post">
              {hidden({ intent: "remove" })}
              <Button secondary>
                Remove<span className="govuk-visually-hidden"> {what}</span>
              </Button>
            </AppForm>
          </div>
          {!s.withheld ? (
            <details className="govuk-details" open={editResult !== undefined}>
              <summary className="govuk-details__summary">
                <span className="govuk-details__summary-text">
                  Edit<span className="govuk-visually-hidden"> {what}</span>
                </span>
              </summary>
              <div className="govuk-details__text">
                <AppForm method="post">
                  {hidden({ intent: "edit" })}
                  <TextArea
                    name="text"
                    id={`edit-${s.id}`}
                    label={
                      s.origin === "own"
                        ? "Your text"
                        : "Your version (the original is kept and the footnote says it was adapted)"
                    }
                    labelSize="s"
                    rows={4}
                    defaultValue={
                      editResult && typeof editResult.values.text === "string" ? editResult.values.text : s.text
                    }
                    error={editResult?.errors.text}
                  />
                  {editResult?.offerContactOverride ? <ContactOverride id={`contact-override-${s.id}`} /> : null}
                  <Button secondary>
                    Save<span className="govuk-visually-hidden"> {what}</span>
                  </Button>
                </AppForm>
              </div>
            </details>
          ) : null}
        </>
      ) : null}
    </li>
  );
}

/** The structured proposal (issue 17): read by everyone who can see the report; the author's form while a draft. */
function Proposals({ view, result }: { view: ReportView; result: ActionResult }) {
  const mine = result?.intent === "sentence_proposal" ? result : undefined;
  const saved = view.sentenceProposal ? <ProposalSummary proposal={view.sentenceProposal} /> : null;
  // Input drafted before the structured proposal keeps its checklist until the author sets one.
  const older =
    !view.sentenceProposal && view.proposals.length ? (
      <>
        <p className="govuk-body">Chosen with the earlier checklist:</p>
        <ul className="govuk-list govuk-list--bullet" data-testid="proposals">
          {view.proposals.map((p) => (
            <li key={p}>{PSR_PROPOSALS[p]}</li>
          ))}
        </ul>
      </>
    ) : null;
  if (!view.mayEdit) return saved ?? older ?? <p className="govuk-body">No proposal made.</p>;
  const form = (
    <ProposalForm
      proposal={view.sentenceProposal}
      sent={mine ? mine.values : null}
      errors={mine ? mine.errors : {}}
      offerContactOverride={mine?.offerContactOverride ?? false}
      contactOverride={<ContactOverride id="contact-override-proposal" />}
    />
  );
  if (!saved)
    return (
      <>
        {older}
        {form}
      </>
    );
  return (
    <>
      {saved}
      <details className="govuk-details" open={mine !== undefined}>
        <summary className="govuk-details__summary">
          <span className="govuk-details__summary-text">Change the proposal</span>
        </summary>
        <div className="govuk-details__text">{form}</div>
      </details>
    </>
  );
}

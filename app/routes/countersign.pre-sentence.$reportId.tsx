import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { ProvenanceLine, PsrStateTag, SignOffForms } from "~/components/pre-sentence";
import { ProposalSummary } from "~/components/pre-sentence-proposal";
import { WithheldValue } from "~/components/withheld";
import { formatDate, formatDateTime } from "~/domain/dates";
import { PSR_REPORT_TYPES } from "~/domain/pre-sentence";
import { formValues } from "~/forms/parse-form";
import { requireActor } from "~/services/current-user.server";
import { decideSignOff, signOffPage } from "~/services/pre-sentence.server";
import { SummaryRow } from "~/components/summary-row";

/*
 * Signing off pre-sentence input by the agency-supervisor grant (issue 16): a senior probation officer of the
 * author's agency, on the case team or not, reads the one submitted report (statements from records they cannot read
 * stay withheld) and signs it off or returns it. The case reference is all of the case this page shows.
 */

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `Sign off pre-sentence input: case ${data.reference}` : "Sign off pre-sentence input");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return signOffPage(actor, params.reportId ?? "");
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const values = formValues(await request.formData());
  const intent = values.intent === "return" ? "return" : "sign_off";
  const result = decideSignOff(actor, params.reportId ?? "", { ...values, intent });
  if (!result.ok) return data({ intent, errors: result.errors, values: result.values }, { status: 400 });
  throw redirect(`/countersign?done=${intent === "return" ? "psr_returned" : "psr_signed_off"}`);
}

export default function SignOffPreSentence() {
  const view = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const withheld = view.sections.reduce((n, s) => n + s.statements.filter((st) => st.withheld).length, 0);
  return (
    <>
      <ErrorSummary errors={result?.errors} />
      <span className="govuk-caption-l">Case {view.reference}</span>
      <h1 className="govuk-heading-l">Sign off pre-sentence input</h1>
      <dl className="govuk-summary-list" data-testid="report-details">
        {view.defendants.map((d, i) => (
          <SummaryRow key={i} label="Defendant">
            {d.name}
          </SummaryRow>
        ))}
        <SummaryRow label="Court">{view.court}</SummaryRow>
        {view.reportType ? <SummaryRow label="Report">{PSR_REPORT_TYPES[view.reportType]}</SummaryRow> : null}
        {view.convictedOn ? <SummaryRow label="Date of conviction">{formatDate(view.convictedOn)}</SummaryRow> : null}
        <SummaryRow label="Sentencing hearing">{formatDate(view.hearingOn)}</SummaryRow>
        <SummaryRow label="Offences convicted">
          {view.offencesInFull
            .map((o) => (o.statute && !o.offence.includes(o.statute) ? `${o.offence} (${o.statute})` : o.offence))
            .join("; ") || "None recorded"}
        </SummaryRow>
        <SummaryRow label="Status">
          <PsrStateTag state={view.state} />
        </SummaryRow>
        <SummaryRow label="Prepared by">
          {view.author}, {view.authorAgency}
        </SummaryRow>
        {view.submittedAt ? <SummaryRow label="Submitted">{formatDateTime(view.submittedAt)}</SummaryRow> : null}
      </dl>
      {withheld ? (
        <p className="govuk-inset-text" data-testid="withheld-count">
          {withheld === 1 ? "1 statement comes" : `${withheld} statements come`} from records you cannot read, so{" "}
          {withheld === 1 ? "it is" : "they are"} withheld here. Ask the author, or ask to join the case team, if you
          need to read {withheld === 1 ? "it" : "them"} before signing off.
        </p>
      ) : null}

      {view.sections.map((s) => (
        <section
          key={s.code}
          aria-labelledby={`heading-${s.code}`}
          className="govuk-!-margin-bottom-6"
          data-testid={`section-${s.code}`}
        >
          <h2 className="govuk-heading-m" id={`heading-${s.code}`}>
            {s.heading}
          </h2>
          {s.code === "proposal" ? (
            view.sentenceProposal ? (
              <ProposalSummary proposal={view.sentenceProposal} />
            ) : (
              <p className="govuk-body">No structured proposal.</p>
            )
          ) : null}
          {s.statements.length ? (
            <ol className="govuk-list app-psr-statements">
              {s.statements.map((st) => (
                <li key={st.id} className="app-psr-statement" data-testid="statement">
                  {st.withheld ? (
                    <p className="govuk-body" data-testid="statement-withheld">
                      A statement from a record you cannot see:{" "}
                      <WithheldValue value={{ withheld: true, heldBy: st.provenance?.agency || "another agency" }} />
                    </p>
                  ) : (
                    <p className="govuk-body app-multiline govuk-!-margin-bottom-1" data-testid="statement-text">
                      {st.text}
                    </p>
                  )}
                  {!st.withheld && st.provenance ? (
                    <ProvenanceLine provenance={st.provenance} adapted={st.adaptedFrom !== null} />
                  ) : st.origin === "own" ? (
                    <p className="govuk-body-s app-secondary-text">Written by {st.addedBy}</p>
                  ) : null}
                </li>
              ))}
            </ol>
          ) : (
            <p className="govuk-body">Nothing added.</p>
          )}
        </section>
      ))}

      {view.maySignOff ? (
        <SignOffForms
          reason={
            result?.intent === "return" && typeof result.values.reason === "string" ? result.values.reason : undefined
          }
          reasonError={result?.intent === "return" ? result.errors.reason : undefined}
        />
      ) : (
        <p className="govuk-inset-text">
          You wrote or submitted this pre-sentence input, so another senior probation officer in your agency must sign
          it off.
        </p>
      )}
    </>
  );
}

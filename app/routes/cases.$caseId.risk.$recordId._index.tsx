import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { TableContainer } from "~/components/table-container";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AssessmentAnswers, CountersignForms } from "~/components/assessment-view";
import { CaseHeader } from "~/components/case-header";
import { AppForm, Button, ErrorSummary } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { doneText, SuccessBanner } from "~/components/success-banner";
import { WithheldValue } from "~/components/withheld";
import { formatDate, formatDateTime } from "~/domain/dates";
import { formValues } from "~/forms/parse-form";
import { requireActor } from "~/services/current-user.server";
import { assessmentDetail } from "~/services/risk-assessment-views.server";
import { amendAssessment, countersignAssessment, returnAssessment } from "~/services/risk-assessments.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(
    data
      ? `${data.assessment.instrument}, version ${data.assessment.versionNumber}: case ${data.case.reference}`
      : "Risk assessment",
  );

const DONE = {
  submitted: "Assessment submitted for countersigning",
  countersigned: "Assessment countersigned and signed off",
  returned: "Assessment returned to its author",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return { ...assessmentDetail(actor, params.caseId ?? "", params.recordId ?? ""), done: doneText(request, DONE) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const caseId = params.caseId ?? "";
  const recordId = params.recordId ?? "";
  const values = formValues(await request.formData());
  const base = `/cases/${encodeURIComponent(caseId)}/risk`;
  if (values.intent === "amend") {
    const result = amendAssessment(actor, caseId, recordId);
    if (!result.ok) return data({ intent: "amend", errors: result.errors, values: result.values }, { status: 400 });
    throw redirect(`${base}/${result.id}/edit`);
  }
  if (values.intent === "return") {
    const result = returnAssessment(actor, caseId, recordId, values);
    if (!result.ok) return data({ intent: "return", errors: result.errors, values: result.values }, { status: 400 });
    throw redirect(`${base}/${encodeURIComponent(recordId)}?done=returned`);
  }
  const result = countersignAssessment(actor, caseId, recordId);
  if (!result.ok) return data({ intent: "countersign", errors: result.errors, values: result.values }, { status: 400 });
  throw redirect(`${base}/${encodeURIComponent(recordId)}?done=countersigned`);
}

export default function AssessmentPage() {
  const {
    case: c,
    assessment: a,
    instrumentName,
    instrumentVersion,
    sections,
    judgements,
    prompts,
    withheld,
    signedOffBy,
    returned,
    versions,
    canEdit,
    canCountersign,
    ownSubmission,
    canAmend,
    canShare,
    askedToCountersign,
    done,
  } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const reason =
    result?.intent === "return" && typeof result.values.reason === "string" ? result.values.reason : undefined;
  return (
    <>
      <SuccessBanner text={result ? null : done} />
      <ErrorSummary errors={result?.errors} />
      <CaseHeader c={c} title={`${a.instrument}, version ${a.versionNumber}`} />
      <p className="govuk-body app-no-print">
        <Link className="govuk-link" to={`/cases/${c.id}/risk`}>
          Risk on this case
        </Link>
      </p>
      <dl className="govuk-summary-list" data-testid="assessment">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Instrument</dt>
          <dd className="govuk-summary-list__value">
            {instrumentName} (instrument version {instrumentVersion})
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Status</dt>
          <dd className="govuk-summary-list__value" data-testid="assessment-state">
            {a.stateLabel}
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Summary</dt>
          <dd className="govuk-summary-list__value" data-testid="assessment-summary">
            {a.summary}
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Agency and author</dt>
          <dd className="govuk-summary-list__value">
            {a.ownerAgency}
            {a.author !== a.ownerAgency ? `, ${a.author}` : ""}
          </dd>
        </div>
        {a.signedOffAt ? (
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Countersigned</dt>
            <dd className="govuk-summary-list__value">
              {formatDateTime(a.signedOffAt)}
              {signedOffBy ? ` by ${signedOffBy}` : ""}
            </dd>
          </div>
        ) : null}
        {a.reviewDueOn ? (
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Review by</dt>
            <dd className="govuk-summary-list__value">
              {formatDate(a.reviewDueOn)}
              {a.reviewOverdue ? (
                <>
                  {" "}
                  <strong className="govuk-tag govuk-tag--red">Overdue</strong>
                </>
              ) : null}
            </dd>
          </div>
        ) : null}
      </dl>

      {withheld ? (
        <p className="govuk-body" data-testid="assessment-withheld">
          The full assessment: <WithheldValue value={withheld} requestHref={`/cases/${c.id}/request-access`} />
        </p>
      ) : null}
      {returned ? (
        <div className="govuk-inset-text" data-testid="returned">
          Returned for changes{returned.at ? ` on ${formatDateTime(returned.at)}` : ""}: {returned.reason}
        </div>
      ) : null}

      <div className="govuk-button-group app-no-print">
        {canEdit ? (
          <Link className="govuk-button" to={`/cases/${c.id}/risk/${a.id}/edit`}>
            Continue the assessment
          </Link>
        ) : null}
        {canShare ? (
          <Link className="govuk-button govuk-button--secondary" to={`/records/${a.id}/share`}>
            Share this assessment
          </Link>
        ) : null}
        {canAmend ? (
          <AppForm method="post">
            <Button name="intent" value="amend" secondary>
              Amend (start a new version)
            </Button>
          </AppForm>
        ) : null}
      </div>

      {askedToCountersign.length ? (
        <div className="govuk-inset-text" data-testid="asked-to-countersign">
          Waiting for a countersignature. Asked: {askedToCountersign.join(", ")} (supervisors in your agency, on the
          case team or not).
        </div>
      ) : null}

      {canCountersign ? (
        <CountersignForms
          reason={reason}
          reasonError={result?.intent === "return" ? result.errors.reason : undefined}
          sharedNote="the instrument and the sharing agreements allow"
        />
      ) : ownSubmission ? (
        <p className="govuk-inset-text">
          You wrote or submitted this assessment, so another supervisor in your agency must countersign it.
        </p>
      ) : null}

      <AssessmentAnswers judgements={judgements} prompts={prompts} sections={sections} />

      {versions.length > 1 ? (
        <section className="app-no-print">
          <h2 className="govuk-heading-m">Versions</h2>
          <Form method="get" action={`/cases/${c.id}/risk/compare`}>
            <TableContainer label="Versions of this assessment">
              <table className="govuk-table" data-testid="versions">
                <caption className="govuk-table__caption govuk-visually-hidden">Versions of this assessment</caption>
                <thead className="govuk-table__head">
                  <tr className="govuk-table__row">
                    <th scope="col" className="govuk-table__header">
                      Version
                    </th>
                    <th scope="col" className="govuk-table__header">
                      Status
                    </th>
                    <th scope="col" className="govuk-table__header">
                      Compare
                    </th>
                  </tr>
                </thead>
                <tbody className="govuk-table__body">
                  {versions.map((v) => (
                    <tr className="govuk-table__row" key={v.id}>
                      <td className="govuk-table__cell">
                        <Link className="govuk-link" to={`/cases/${c.id}/risk/${v.id}`}>
                          Version {v.versionNumber}
                        </Link>
                      </td>
                      <td className="govuk-table__cell">{v.stateLabel}</td>
                      <td className="govuk-table__cell">
                        <div className="govuk-checkboxes govuk-checkboxes--small">
                          <div className="govuk-checkboxes__item">
                            <input
                              className="govuk-checkboxes__input"
                              id={`compare-${v.id}`}
                              name="v"
                              type="checkbox"
                              value={v.id}
                            />
                            <label className="govuk-label govuk-checkboxes__label" htmlFor={`compare-${v.id}`}>
                              <span className="govuk-visually-hidden">Compare version {v.versionNumber}</span>
                            </label>
                          </div>
                        </div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableContainer>
            <Button secondary>Compare the two chosen versions</Button>
          </Form>
        </section>
      ) : null}
    </>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { SuccessBanner } from "~/components/success-banner";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { isWithheld } from "~/access/redact";
import { CaseHeader } from "~/components/case-header";
import { AppForm, Button, ErrorSummary, TextArea } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { WithheldValue } from "~/components/withheld";
import { formatDate, formatDateTime } from "~/domain/dates";
import { formValues } from "~/forms/parse-form";
import { answerClinicInformationRequest } from "~/services/clinic-referrals.server";
import { requireActor } from "~/services/current-user.server";
import { caseReferralsPage } from "~/services/mappa-referrals.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `Referrals, case ${data.case.reference}` : "Referrals");

const DONE = {
  clinic: "Clinic referral sent to the clinic coordinator",
  mappa: "MAPPA referral saved: your manager has been asked to endorse it",
  answered: "Your answer has been sent to the clinic coordinator",
} as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const done = new URL(request.url).searchParams.get("done");
  return {
    ...caseReferralsPage(actor, params.caseId ?? ""),
    done: done === "clinic" || done === "mappa" || done === "answered" ? DONE[done] : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const values = formValues(await request.formData());
  const referralId = typeof values.referralId === "string" ? values.referralId : "";
  const result = answerClinicInformationRequest(actor, params.caseId ?? "", referralId, values);
  if (!result.ok) return data({ referralId, errors: result.errors, values: result.values }, { status: 400 });
  throw redirect(`/cases/${params.caseId}/referrals?done=answered`);
}

const CLINIC_TAGS: Record<string, string> = {
  pending: "govuk-tag--blue",
  accepted: "govuk-tag--green",
  declined: "govuk-tag--red",
  more_information: "govuk-tag--yellow",
};
const MAPPA_TAGS: Record<string, string> = {
  draft: "govuk-tag--grey",
  submitted: "govuk-tag--blue",
  accepted: "govuk-tag--green",
  not_accepted: "govuk-tag--red",
};

function Row({ k, children }: { k: string; children: React.ReactNode }) {
  return (
    <div className="govuk-summary-list__row">
      <dt className="govuk-summary-list__key">{k}</dt>
      <dd className="govuk-summary-list__value app-record-text">{children}</dd>
    </div>
  );
}

export default function CaseReferrals() {
  const { case: c, canRefer, clinic, mappa, done } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <ErrorSummary errors={result?.errors} fieldOrder={["informationResponse"]} />
      {done && !result ? <SuccessBanner text={done} /> : null}
      <CaseHeader c={c} title="Referrals" />
      {canRefer ? (
        <div className="govuk-button-group">
          <Link className="govuk-button" to={`/cases/${c.id}/referrals/clinic`}>
            Refer to the stalking clinic
          </Link>
          <Link className="govuk-button govuk-button--secondary" to={`/cases/${c.id}/referrals/mappa`}>
            Make a MAPPA category 3 referral
          </Link>
        </div>
      ) : (
        <p className="govuk-body">Only members of the case team make referrals.</p>
      )}

      <h2 className="govuk-heading-m">Clinic referrals</h2>
      {clinic.length === 0 ? (
        <p className="govuk-body" data-testid="no-clinic-referrals">
          No clinic referrals have been made for this case.
        </p>
      ) : (
        clinic.map((r) => (
          <div className="govuk-summary-card" key={r.id} data-testid="clinic-referral">
            <div className="govuk-summary-card__title-wrapper">
              <h3 className="govuk-summary-card__title">
                Referred by {r.referrer}, {r.referrerAgency}, on {formatDate(r.createdAt)}{" "}
                <strong className={`govuk-tag ${CLINIC_TAGS[r.status] ?? ""}`} data-testid="clinic-referral-status">
                  {r.statusLabel}
                </strong>
              </h3>
            </div>
            <div className="govuk-summary-card__content">
              <dl className="govuk-summary-list">
                <Row k="Reason">{r.reason}</Row>
                <Row k="Current risk">{r.currentRiskLabel}</Row>
                <Row k="Asked of the clinic">{r.ask}</Row>
                {r.priorityLabel ? <Row k="Priority">{r.priorityLabel}</Row> : null}
                {r.decisionReason ? (
                  <Row k={r.status === "declined" ? "Why declined" : "Coordinator's note"}>{r.decisionReason}</Row>
                ) : null}
                {r.informationRequest ? <Row k="Information requested">{r.informationRequest}</Row> : null}
                {r.informationResponse ? <Row k="Information given">{r.informationResponse}</Row> : null}
                {r.decidedBy && r.decidedAt ? (
                  <Row k="Triaged by">{`${r.decidedBy} on ${formatDateTime(r.decidedAt)}`}</Row>
                ) : null}
              </dl>
              {r.canAnswer ? (
                <AppForm method="post">
                  <input type="hidden" name="referralId" value={r.id} />
                  <TextArea
                    name="informationResponse"
                    label="Your answer to the clinic"
                    labelSize="s"
                    hint="This returns the referral to the triage queue. Up to 2,000 characters."
                    defaultValue={
                      result?.referralId === r.id && typeof result.values.informationResponse === "string"
                        ? result.values.informationResponse
                        : undefined
                    }
                    error={result?.referralId === r.id ? result.errors.informationResponse : undefined}
                  />
                  <Button>Send the information</Button>
                </AppForm>
              ) : null}
            </div>
          </div>
        ))
      )}

      <h2 className="govuk-heading-m">MAPPA referrals</h2>
      {mappa.length === 0 ? (
        <p className="govuk-body" data-testid="no-mappa-referrals">
          No MAPPA referrals have been made for this case.
        </p>
      ) : (
        mappa.map((r) => (
          <div className="govuk-summary-card" key={r.id} data-testid="mappa-referral">
            <div className="govuk-summary-card__title-wrapper">
              <h3 className="govuk-summary-card__title">
                Level {r.levelRequested} requested by {r.referrer}, {r.referrerAgency}, on {formatDate(r.createdAt)}{" "}
                <strong className={`govuk-tag ${MAPPA_TAGS[r.status] ?? ""}`} data-testid="mappa-referral-status">
                  {r.statusLabel}
                </strong>
              </h3>
            </div>
            <div className="govuk-summary-card__content">
              <dl className="govuk-summary-list">
                <Row k="Index offence or caution">{r.body.indexOffence}</Row>
                <Row k="Reason for referral">{r.body.reasonForReferral}</Row>
                <Row k="OASys risk of serious harm">{r.oasysRoshLabel}</Row>
                <Row k="Linked assessments">
                  {r.assessments.length === 0 ? (
                    "None"
                  ) : (
                    <ul className="govuk-list">
                      {r.assessments.map((a, i) => (
                        <li key={i}>
                          {isWithheld(a) ? (
                            <WithheldValue value={a} requestHref={`/cases/${c.id}/request-access`} />
                          ) : (
                            `${a.instrument} (${a.ownerAgency}): ${
                              a.riskLevelLabel
                            }, signed off ${formatDate(a.signedOffOn)}`
                          )}
                        </li>
                      ))}
                    </ul>
                  )}
                </Row>
                {r.endorsedBy && r.endorsedAt ? (
                  <Row k="Endorsed by">{`${r.endorsedBy} on ${formatDateTime(r.endorsedAt)}`}</Row>
                ) : null}
                {r.meetsCategory3 !== null ? <Row k="Meets category 3">{r.meetsCategory3 ? "Yes" : "No"}</Row> : null}
                {r.levelDecided ? <Row k="Level of management">{`Level ${r.levelDecided}`}</Row> : null}
                {r.decisionReason ? <Row k="Reasons for the decision">{r.decisionReason}</Row> : null}
                {r.nextReviewOn ? <Row k="Next review">{formatDate(r.nextReviewOn)}</Row> : null}
              </dl>
            </div>
          </div>
        ))
      )}
    </>
  );
}

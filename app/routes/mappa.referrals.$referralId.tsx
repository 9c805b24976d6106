import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AppForm, Button, Checkboxes, ErrorSummary, Radios, TextArea } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { formatDate, formatDateTime } from "~/domain/dates";
import { MAPPA_ENDORSE_FIELDS, MAPPA_SCREEN_FIELDS } from "~/domain/mappa";
import { formValues } from "~/forms/parse-form";
import { requireActor } from "~/services/current-user.server";
import { endorseMappaReferral, mappaReferralDetail, screenMappaReferral } from "~/services/mappa-referrals.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `MAPPA referral, case ${data.referral.caseReference}` : "MAPPA referral");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return mappaReferralDetail(actor, params.referralId ?? "");
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const values = formValues(await request.formData());
  const endorse = values.intent === "endorse";
  const result = endorse
    ? endorseMappaReferral(actor, params.referralId ?? "", values)
    : screenMappaReferral(actor, params.referralId ?? "", values);
  if (!result.ok) return data({ errors: result.errors, values: result.values }, { status: 400 });
  throw redirect(`/mappa/referrals?done=${endorse ? "endorsed" : "screened"}`);
}

function Row({ k, children }: { k: string; children: React.ReactNode }) {
  return (
    <div className="govuk-summary-list__row">
      <dt className="govuk-summary-list__key">{k}</dt>
      <dd className="govuk-summary-list__value app-record-text">{children}</dd>
    </div>
  );
}

export default function MappaReferral() {
  const { referral: r, canEndorse, canScreen } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors;
  const v = (result?.values ?? {}) as Record<string, string | string[] | undefined>;
  const text = (name: string) => (typeof v[name] === "string" ? (v[name] as string) : undefined);
  const b = r.body;
  const opt = (s: string | null | undefined) => (s ? s : "Not given");
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} fieldOrder={canEndorse ? MAPPA_ENDORSE_FIELDS : MAPPA_SCREEN_FIELDS} />
        <span className="govuk-caption-l">MAPPA category 3 referral (MAPPA A)</span>
        <h1 className="govuk-heading-l">Case {r.caseReference}</h1>
        <p className="govuk-body">
          <strong className="govuk-tag" data-testid="referral-status">
            {r.statusLabel}
          </strong>
        </p>
        <h2 className="govuk-heading-m">Referral</h2>
        <dl className="govuk-summary-list">
          <Row k="Level requested">{`Level ${r.levelRequested}`}</Row>
          <Row k="Referrer">{`${r.referrer}, ${r.referrerAgency}, ${formatDateTime(r.createdAt)}`}</Row>
        </dl>
        <h2 className="govuk-heading-m">Offender information</h2>
        <dl className="govuk-summary-list">
          <Row k="Name">{b.offenderName}</Row>
          <Row k="Other names">{opt(b.offenderAliases)}</Row>
          <Row k="Address">{b.offenderAddress}</Row>
          <Row k="Ethnicity">{opt(b.ethnicity)}</Row>
          <Row k="ViSOR reference">{opt(b.visorReference)}</Row>
          <Row k="PNC number">{opt(b.pncId)}</Row>
          <Row k="nDelius number">{opt(b.ndeliusId)}</Row>
        </dl>
        <h2 className="govuk-heading-m">Conviction or caution</h2>
        <dl className="govuk-summary-list">
          <Row k="Index offence or caution">{b.indexOffence}</Row>
          <Row k="Sentence">{b.sentence}</Row>
          <Row k="Details">{opt(b.offenceDetails)}</Row>
          <Row k="Previous related offences">{opt(b.previousOffences)}</Row>
        </dl>
        <h2 className="govuk-heading-m">Relevant dates</h2>
        <dl className="govuk-summary-list">
          <Row k="Index offence">{b.indexOffenceOn ? formatDate(b.indexOffenceOn) : "Not given"}</Row>
          <Row k="Conviction or caution">{b.convictionOn ? formatDate(b.convictionOn) : "Not given"}</Row>
          <Row k="Sentence or licence ends">{b.sentenceEndsOn ? formatDate(b.sentenceEndsOn) : "Not given"}</Row>
        </dl>
        <h2 className="govuk-heading-m">Reason for referral</h2>
        <p className="govuk-body app-record-text">{b.reasonForReferral}</p>
        <h2 className="govuk-heading-m">Current risk assessment</h2>
        <dl className="govuk-summary-list">
          <Row k="OASys risk of serious harm">{r.oasysRoshLabel}</Row>
          <Row k="SAM and SRP">
            {b.assessments.length === 0 ? (
              "None included"
            ) : (
              <ul className="govuk-list">
                {b.assessments.map((a) => (
                  <li key={a.recordId}>{`${a.instrument} (${a.ownerAgency}): ${
                    a.riskLevelLabel
                  }, signed off ${formatDate(a.signedOffOn)}`}</li>
                ))}
              </ul>
            )}
          </Row>
        </dl>
        <h2 className="govuk-heading-m">Risk management</h2>
        <dl className="govuk-summary-list">
          <Row k="Proposed risk management">{b.proposedRiskManagement}</Row>
          <Row k="Why level 1 is not enough">{b.whyNotLevel1}</Row>
        </dl>
        <h2 className="govuk-heading-m">Victim issues and diversity</h2>
        <dl className="govuk-summary-list">
          <Row k="Victim issues">{b.victimIssues}</Row>
          <Row k="Diversity">{b.diversity}</Row>
        </dl>
        <h2 className="govuk-heading-m">Endorsement and screening</h2>
        <dl className="govuk-summary-list">
          <Row k="Manager endorsement">
            {r.endorsedBy && r.endorsedAt
              ? `${r.endorsedBy}, ${formatDateTime(r.endorsedAt)}${
                  b.endorsementComment ? `: ${b.endorsementComment}` : ""
                }`
              : "Not yet endorsed"}
          </Row>
          {r.meetsCategory3 !== null ? <Row k="Meets category 3">{r.meetsCategory3 ? "Yes" : "No"}</Row> : null}
          {r.levelDecided ? <Row k="Level decided">{`Level ${r.levelDecided}`}</Row> : null}
          {r.decisionReason ? <Row k="Reasons">{r.decisionReason}</Row> : null}
          {r.decidedBy && r.decidedAt ? (
            <Row k="Screened by">{`${r.decidedBy}, ${formatDateTime(r.decidedAt)}`}</Row>
          ) : null}
        </dl>
        {canEndorse ? (
          <AppForm method="post">
            <input type="hidden" name="intent" value="endorse" />
            <Checkboxes
              name="endorse"
              legend="Manager endorsement"
              hint="As the referrer's manager, you confirm the referral is appropriate for MAPPA screening."
              error={errors?.endorse}
              values={text("endorse") ? ["yes"] : []}
              items={[{ value: "yes", text: "I endorse this referral" }]}
            />
            <TextArea
              name="endorsementComment"
              label="Comment (optional)"
              labelSize="s"
              defaultValue={text("endorsementComment")}
              error={errors?.endorsementComment}
            />
            <Button>Endorse and submit</Button>
          </AppForm>
        ) : null}
        {canScreen ? (
          <AppForm method="post">
            <input type="hidden" name="intent" value="screen" />
            <Radios
              name="meetsCategory3"
              legend="Does the offender meet MAPPA category 3?"
              legendSize="s"
              inline
              value={text("meetsCategory3")}
              error={errors?.meetsCategory3}
              items={[
                { value: "yes", text: "Yes" },
                { value: "no", text: "No" },
              ]}
            />
            <Radios
              name="decision"
              legend="Decision"
              legendSize="s"
              value={text("decision")}
              error={errors?.decision}
              items={[
                {
                  value: "accepted",
                  text: "Accept for MAPPA management",
                  conditional: (
                    <Radios
                      name="levelDecided"
                      legend="Level of management"
                      legendSize="s"
                      value={text("levelDecided")}
                      error={errors?.levelDecided}
                      items={[
                        { value: "2", text: "Level 2" },
                        { value: "3", text: "Level 3" },
                      ]}
                    />
                  ),
                },
                { value: "not_accepted", text: "Do not accept" },
              ]}
            />
            <TextArea
              name="decisionReason"
              label="Reasons for the decision"
              labelSize="s"
              defaultValue={text("decisionReason")}
              error={errors?.decisionReason}
            />
            <Button>Record screening decision</Button>
          </AppForm>
        ) : null}
        <p className="govuk-body">
          <Link className="govuk-link" to="/mappa/referrals">
            Back to MAPPA referrals
          </Link>
        </p>
      </div>
    </div>
  );
}

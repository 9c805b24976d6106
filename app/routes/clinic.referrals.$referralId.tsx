import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AppForm, Button, ErrorSummary, Radios, TextArea } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { formatDateTime } from "~/domain/dates";
import { PRIORITIES, PRIORITY_LABELS } from "~/domain/mappa";
import { CLINIC_TRIAGE_FIELDS } from "~/domain/mappa";
import { formValues } from "~/forms/parse-form";
import { clinicReferralForTriage, triageClinicReferral } from "~/services/clinic-referrals.server";
import { requireActor } from "~/services/current-user.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `Clinic referral, case ${data.referral.caseReference}` : "Clinic referral");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return clinicReferralForTriage(actor, params.referralId ?? "");
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const result = triageClinicReferral(actor, params.referralId ?? "", formValues(await request.formData()));
  if (!result.ok) return data({ errors: result.errors, values: result.values }, { status: 400 });
  throw redirect("/clinic/referrals?done=triaged");
}

function Row({ k, children }: { k: string; children: React.ReactNode }) {
  return (
    <div className="govuk-summary-list__row">
      <dt className="govuk-summary-list__key">{k}</dt>
      <dd className="govuk-summary-list__value app-record-text">{children}</dd>
    </div>
  );
}

export default function TriageClinicReferral() {
  const { referral: r, canTriage } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors;
  const v = (result?.values ?? {}) as Record<string, string | string[] | undefined>;
  const text = (name: string) => (typeof v[name] === "string" ? (v[name] as string) : undefined);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} fieldOrder={CLINIC_TRIAGE_FIELDS} />
        <span className="govuk-caption-l">Clinic referral</span>
        <h1 className="govuk-heading-l">Case {r.caseReference}</h1>
        <p className="govuk-body">
          <strong className="govuk-tag" data-testid="referral-status">
            {r.statusLabel}
          </strong>
        </p>
        <dl className="govuk-summary-list">
          <Row k="Referred by">{`${r.referrer}, ${r.referrerAgency}, ${formatDateTime(r.createdAt)}`}</Row>
          <Row k="Reason">{r.reason}</Row>
          <Row k="Current risk">{r.currentRiskLabel}</Row>
          <Row k="Asked of the clinic">{r.ask}</Row>
          {r.informationRequest ? <Row k="Information requested">{r.informationRequest}</Row> : null}
          {r.informationResponse ? <Row k="Information given">{r.informationResponse}</Row> : null}
          {r.priorityLabel ? <Row k="Priority">{r.priorityLabel}</Row> : null}
          {r.decisionReason ? <Row k="Reason for the decision">{r.decisionReason}</Row> : null}
          {r.decidedBy && r.decidedAt ? (
            <Row k="Triaged by">{`${r.decidedBy}, ${formatDateTime(r.decidedAt)}`}</Row>
          ) : null}
        </dl>
        <p className="govuk-body">
          You see the referral and the case reference only. The case's records stay with its team.
        </p>
        {canTriage ? (
          <AppForm method="post">
            <Radios
              name="decision"
              legend="Triage decision"
              legendSize="m"
              value={text("decision")}
              error={errors?.decision}
              items={[
                {
                  value: "accepted",
                  text: "Accept",
                  conditional: (
                    <Radios
                      name="priority"
                      legend="Priority"
                      legendSize="s"
                      value={text("priority")}
                      error={errors?.priority}
                      items={PRIORITIES.map((p) => ({
                        value: p,
                        text: PRIORITY_LABELS[p],
                      }))}
                    />
                  ),
                },
                {
                  value: "declined",
                  text: "Decline",
                  conditional: (
                    <TextArea
                      name="decisionReason"
                      label="Why is it declined?"
                      labelSize="s"
                      defaultValue={text("decisionReason")}
                      error={errors?.decisionReason}
                    />
                  ),
                },
                {
                  value: "more_information",
                  text: "Ask for more information",
                  conditional: (
                    <TextArea
                      name="informationRequest"
                      label="What information do you need?"
                      labelSize="s"
                      defaultValue={text("informationRequest")}
                      error={errors?.informationRequest}
                    />
                  ),
                },
              ]}
            />
            <Button>Save decision</Button>
          </AppForm>
        ) : null}
        <p className="govuk-body">
          <Link className="govuk-link" to="/clinic/referrals">
            Back to clinic referrals
          </Link>
        </p>
      </div>
    </div>
  );
}

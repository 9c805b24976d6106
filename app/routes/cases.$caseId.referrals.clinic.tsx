import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { CaseHeader } from "~/components/case-header";
import { AppForm, Button, ErrorSummary, Radios, TextArea } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { CLINIC_RISK_LABELS, CLINIC_RISK_LEVELS } from "~/domain/mappa";
import { CLINIC_REFERRAL_FIELDS } from "~/domain/mappa";
import { formValues } from "~/forms/parse-form";
import { createClinicReferral, newClinicReferralPage } from "~/services/clinic-referrals.server";
import { requireActor } from "~/services/current-user.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `Refer to the stalking clinic, case ${data.case.reference}` : "Refer to the stalking clinic");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return newClinicReferralPage(actor, params.caseId ?? "");
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const result = createClinicReferral(actor, params.caseId ?? "", formValues(await request.formData()));
  if (!result.ok) return data({ errors: result.errors, values: result.values }, { status: 400 });
  throw redirect(`/cases/${params.caseId}/referrals?done=clinic`);
}

export default function NewClinicReferral() {
  const { case: c } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors;
  const v = (result?.values ?? {}) as Record<string, string | string[] | undefined>;
  const text = (name: string) => (typeof v[name] === "string" ? (v[name] as string) : undefined);
  return (
    <>
      <ErrorSummary errors={errors} fieldOrder={CLINIC_REFERRAL_FIELDS} />
      <CaseHeader c={c} title="Refer to the stalking clinic" />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <p className="govuk-body">
            The clinic coordinator triages referrals. They see what you write here and the case reference, not the
            case's records.
          </p>
          <AppForm method="post">
            <TextArea
              name="reason"
              label="Reason for the referral"
              labelSize="s"
              hint="Why the clinic should consider this case. Up to 2,000 characters."
              defaultValue={text("reason")}
              error={errors?.reason}
            />
            <Radios
              name="currentRisk"
              legend="Current risk"
              legendSize="s"
              value={text("currentRisk")}
              error={errors?.currentRisk}
              items={CLINIC_RISK_LEVELS.map((l) => ({
                value: l,
                text: CLINIC_RISK_LABELS[l],
              }))}
            />
            <TextArea
              name="ask"
              label="What are you asking the clinic to do?"
              labelSize="s"
              hint="For example, advice on risk management or a psychological assessment. Up to 2,000 characters."
              defaultValue={text("ask")}
              error={errors?.ask}
            />
            <div className="govuk-button-group">
              <Button>Send referral</Button>
              <Link className="govuk-link" to={`/cases/${c.id}/referrals`}>
                Cancel
              </Link>
            </div>
          </AppForm>
        </div>
      </div>
    </>
  );
}

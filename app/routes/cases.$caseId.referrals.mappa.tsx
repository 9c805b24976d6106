import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { CaseHeader } from "~/components/case-header";
import { DateInput } from "~/components/date-input";
import { AppForm, Button, Checkboxes, ErrorSummary, Radios, TextArea, TextInput } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { formatDate } from "~/domain/dates";
import { OASYS_ROSH_LABELS, OASYS_ROSH_LEVELS } from "~/domain/mappa";
import { MAPPA_REFERRAL_FIELDS } from "~/domain/mappa";
import { formValues } from "~/forms/parse-form";
import { requireActor } from "~/services/current-user.server";
import { createMappaReferral, newMappaReferralPage } from "~/services/mappa-referrals.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `MAPPA referral, case ${data.case.reference}` : "MAPPA referral");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return newMappaReferralPage(actor, params.caseId ?? "");
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const result = createMappaReferral(actor, params.caseId ?? "", formValues(await request.formData()));
  if (!result.ok) return data({ errors: result.errors, values: result.values }, { status: 400 });
  throw redirect(`/cases/${params.caseId}/referrals?done=mappa`);
}

export default function NewMappaReferral() {
  const { case: c, assessments } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors;
  const v = (result?.values ?? {}) as Record<string, string | string[] | undefined>;
  const text = (name: string) => (typeof v[name] === "string" ? (v[name] as string) : undefined);
  const list = (name: string) =>
    Array.isArray(v[name]) ? (v[name] as string[]) : typeof v[name] === "string" ? [v[name] as string] : [];
  const date = (name: string) => ({
    day: text(`${name}-day`),
    month: text(`${name}-month`),
    year: text(`${name}-year`),
  });
  const area = (name: string, label: string, hint?: string) => (
    <TextArea name={name} label={label} labelSize="s" hint={hint} defaultValue={text(name)} error={errors?.[name]} />
  );
  const input = (name: string, label: string, hint?: string) => (
    <TextInput name={name} label={label} hint={hint} defaultValue={text(name)} error={errors?.[name]} />
  );
  return (
    <>
      <ErrorSummary errors={errors} fieldOrder={MAPPA_REFERRAL_FIELDS} />
      <CaseHeader c={c} title="MAPPA category 3 referral" />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <p className="govuk-body">
            This follows the MAPPA A referral form. When you save it, a manager in your agency is asked to endorse it;
            it then goes to the MAPPA coordinator for screening.
          </p>
          <AppForm method="post">
            <Radios
              name="levelRequested"
              legend="Level of management requested"
              legendSize="m"
              value={text("levelRequested")}
              error={errors?.levelRequested}
              items={[
                { value: "2", text: "Level 2: multi-agency meetings" },
                {
                  value: "3",
                  text: "Level 3: senior-level meetings with extra resources",
                },
              ]}
            />
            <h2 className="govuk-heading-m">Offender information</h2>
            {input("offenderName", "Full name")}
            {input("offenderAliases", "Other names and nicknames (optional)")}
            {area("offenderAddress", "Address", "Or NFA if of no fixed abode.")}
            {input("ethnicity", "Ethnicity (optional)")}
            {input("visorReference", "ViSOR reference (optional)")}
            {input("pncId", "PNC number (optional)")}
            {input("ndeliusId", "nDelius number (optional)")}
            <h2 className="govuk-heading-m">Conviction or caution</h2>
            {input("indexOffence", "Index offence or caution")}
            {input("sentence", "Sentence, or caution given")}
            {area("offenceDetails", "Brief details of the offence (optional)")}
            {area("previousOffences", "Previous related offences (optional)")}
            <h2 className="govuk-heading-m">Relevant dates</h2>
            <DateInput
              name="indexOffenceOn"
              legend="Date of the index offence"
              legendSize="s"
              hint="For example, 27 3 2026"
              value={date("indexOffenceOn")}
              error={errors?.indexOffenceOn}
            />
            <DateInput
              name="convictionOn"
              legend="Date of conviction or caution (optional)"
              legendSize="s"
              value={date("convictionOn")}
              error={errors?.convictionOn}
            />
            <DateInput
              name="sentenceEndsOn"
              legend="Sentence or licence end date (optional)"
              legendSize="s"
              value={date("sentenceEndsOn")}
              error={errors?.sentenceEndsOn}
            />
            <h2 className="govuk-heading-m">Reason for referral</h2>
            {area(
              "reasonForReferral",
              "Reason for referral",
              "Behaviour and attitudes, offending pattern, information from other agencies.",
            )}
            <h2 className="govuk-heading-m">Current risk assessment</h2>
            <Radios
              name="oasysRosh"
              legend="OASys risk of serious harm"
              legendSize="s"
              value={text("oasysRosh")}
              error={errors?.oasysRosh}
              items={OASYS_ROSH_LEVELS.map((l) => ({
                value: l,
                text: OASYS_ROSH_LABELS[l],
              }))}
            />
            {assessments.length ? (
              <Checkboxes
                name="assessmentIds"
                legend="SAM and SRP assessments to include (optional)"
                hint="Signed-off assessments on this case that you may read. The MAPPA coordinator sees the judgement line only."
                error={errors?.assessmentIds}
                values={list("assessmentIds")}
                items={assessments.map((a) => ({
                  value: a.recordId,
                  text: `${a.instrument} (${a.ownerAgency}): ${
                    a.riskLevelLabel
                  }, signed off ${formatDate(a.signedOffOn)}`,
                }))}
              />
            ) : (
              <p className="govuk-body" data-testid="no-linkable-assessments">
                There are no signed-off SAM or SRP assessments on this case that you may read.
              </p>
            )}
            <h2 className="govuk-heading-m">Risk management</h2>
            {area("proposedRiskManagement", "Proposed risk management")}
            {area("whyNotLevel1", "Why level 1 management is not enough")}
            <h2 className="govuk-heading-m">Victim issues and diversity</h2>
            {area("victimIssues", "Victim issues", "Do not include the victim's address or contact details.")}
            {area("diversity", "Diversity issues", "Or 'None known'.")}
            <div className="govuk-button-group">
              <Button>Save and ask my manager to endorse</Button>
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

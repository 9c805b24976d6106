import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { z } from "zod";
import { AGREEMENT_FIELD_ORDER, AgreementForm } from "~/components/agreement-form";
import { AppForm, Button, ErrorSummary } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { formatDate } from "~/domain/dates";
import { formValues, parseForm } from "~/forms/parse-form";
import {
  AgreementSchema,
  agreementFormOptions,
  assertCanUpdateAgreement,
  getAgreement,
  retireAgreement,
  updateAgreement,
} from "~/services/agreements.server";
import { requireActor } from "~/services/current-user.server";

const IntentSchema = z.object({
  intent: z.enum(["save", "retire"], { errorMap: () => ({ message: "Choose an action" }) }),
});

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? data.agreement.name : "Information sharing agreement");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const found = getAgreement(actor, params.agreementId ?? "");
  return { ...found, options: found.canManage ? agreementFormOptions(actor) : null };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const agreementId = params.agreementId ?? "";
  assertCanUpdateAgreement(actor, agreementId);
  const formData = await request.formData();
  const intent = parseForm(formData, IntentSchema);
  if (!intent.ok) return data({ errors: intent.errors, values: formValues(formData) }, { status: 400 });
  if (intent.data.intent === "retire") {
    const retired = retireAgreement(actor, agreementId);
    if (!retired.ok) return data({ errors: retired.errors, values: undefined }, { status: 400 });
    throw redirect("/admin/agreements?done=retired");
  }
  const form = parseForm(formData, AgreementSchema);
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  const result = updateAgreement(actor, agreementId, form.data);
  if (!result.ok) return data({ errors: result.errors, values: formValues(formData) }, { status: 400 });
  throw redirect("/admin/agreements?done=updated");
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="govuk-summary-list__row">
      <dt className="govuk-summary-list__key">{label}</dt>
      <dd className="govuk-summary-list__value">{children}</dd>
    </div>
  );
}

export default function Agreement() {
  const { agreement: a, formValues: saved, canManage, options } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={result?.errors} fieldOrder={AGREEMENT_FIELD_ORDER} />
        <span className="govuk-caption-l">Information sharing agreement</span>
        <h1 className="govuk-heading-l">{a.name}</h1>
        <p className="govuk-body">
          <strong className={`govuk-tag ${a.status.tagClass}`} data-testid="agreement-status">
            {a.status.text}
          </strong>
        </p>
        {canManage && options ? (
          <>
            <AgreementForm
              options={options}
              values={result?.values ?? saved}
              errors={result?.errors}
              submitText="Save changes"
            />
            <h2 className="govuk-heading-m">Retire this agreement</h2>
            <div className="govuk-warning-text">
              <span className="govuk-warning-text__icon" aria-hidden="true">
                !
              </span>
              <strong className="govuk-warning-text__text">
                <span className="govuk-visually-hidden">Warning</span>
                Retiring stops the agreement at once for everyone it reaches. It cannot be undone: add a new agreement
                instead.
              </strong>
            </div>
            <AppForm method="post">
              <input type="hidden" name="intent" value="retire" />
              <Button warning>Retire agreement</Button>
            </AppForm>
          </>
        ) : (
          <dl className="govuk-summary-list">
            <Row label="Information">{a.categoryLabel}</Row>
            <Row label="From">{a.fromAgency}</Row>
            <Row label="To">
              <ul className="govuk-list">
                {a.recipients.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            </Row>
            <Row label="Purposes">{a.purposeLabels.join(", ")}</Row>
            <Row label="Level">{a.levelLabel}</Row>
            <Row label="Lawful basis">{a.lawfulBasisLabel}</Row>
            <Row label="Starts on">{formatDate(a.startsOn)}</Row>
            <Row label="Review by">{formatDate(a.reviewOn)}</Row>
            {a.retiredAt ? <Row label="Retired on">{formatDate(a.retiredAt)}</Row> : null}
          </dl>
        )}
        <p className="govuk-body">
          <Link className="govuk-link" to="/admin/agreements">
            Back to agreements
          </Link>
        </p>
      </div>
    </div>
  );
}

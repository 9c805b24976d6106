import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { DateInput } from "~/components/date-input";
import { AppForm, Button, ErrorSummary, Radios, TextArea } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { SummaryRow } from "~/components/summary-row";
import { WarningText } from "~/components/warning-text";
import { formatDate } from "~/domain/dates";
import { formValues } from "~/forms/parse-form";
import { requireActor } from "~/services/current-user.server";
import { decideReview, getReview } from "~/services/retention-reviews.server";

export const meta: MetaFunction = () => pageTitle("Decide on a record due for review");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return { review: getReview(actor, params.reviewId ?? "") };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const result = await decideReview(actor, params.reviewId ?? "", formValues(await request.formData()));
  if (!result.ok) return data({ errors: result.errors, values: result.values }, { status: 400 });
  throw redirect(`/retention?done=${result.decision}`);
}

export default function DecideReview() {
  const { review: r } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const v = (result?.values ?? {}) as Record<string, string>;
  const e = result?.errors;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={e} fieldOrder={["decision", "reason", "retainUntil"]} />
        <span className="govuk-caption-l">{r.caseReference}</span>
        <h1 className="govuk-heading-l">Decide on a record due for review</h1>
        <dl className="govuk-summary-list">
          <SummaryRow label="Record">
            {r.categoryLabel} ({r.kind.replaceAll("_", " ")}), recorded {formatDate(r.recordCreatedAt)}
          </SummaryRow>
          <SummaryRow label="Why it is due">
            {r.triggerLabel} on {formatDate(r.triggeredOn)}, plus {r.periodMonths} months: due {formatDate(r.dueOn)}
          </SummaryRow>
          <SummaryRow label="The schedule says">{r.proposedActionLabel}</SummaryRow>
        </dl>
        {r.onLegalHold ? (
          <WarningText testId="legal-hold">
            This case is under a legal hold: you may keep the record, but not anonymise or delete it.
          </WarningText>
        ) : null}
        <AppForm method="post" noValidate>
          <Radios
            name="decision"
            legend="Your decision"
            value={v.decision}
            error={e?.decision}
            items={[
              {
                value: "retain",
                text: "Keep it",
                hint: "It comes back for review on the date you give",
                conditional: (
                  <DateInput
                    name="retainUntil"
                    legend="Review it again on"
                    hint="For example, 1 4 2031"
                    legendSize="s"
                    error={e?.retainUntil}
                    value={{ day: v["retainUntil-day"], month: v["retainUntil-month"], year: v["retainUntil-year"] }}
                  />
                ),
              },
              {
                value: "anonymise",
                text: "Anonymise it",
                hint: "Names, contact details and every other identifying detail are removed; the record stays",
              },
              {
                value: "delete",
                text: "Delete its content",
                hint: "Only a tombstone stays: what kind of record it was, who decided and when",
              },
            ]}
          />
          <TextArea
            name="reason"
            label="The reason for your decision"
            hint="It is kept with the decision, which the audit log records"
            defaultValue={v.reason}
            error={e?.reason}
            rows={4}
          />
          <Button>Record the decision</Button>
        </AppForm>
        <p className="govuk-body">
          <Link className="govuk-link" to="/retention">
            Back to the retention reviews
          </Link>
        </p>
      </div>
    </div>
  );
}

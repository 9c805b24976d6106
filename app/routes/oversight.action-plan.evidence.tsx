import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AppForm, Button, ErrorSummary, Select } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { londonToday } from "~/domain/expiry-date";
import {
  OVERSIGHT_FILTER_FIELDS,
  OversightFiltersSchema,
  withDefaultPeriod,
  type OversightFilters,
} from "~/domain/oversight-filters";
import { cellText, isMetricKey, type MetricKey } from "~/domain/oversight-metrics";
import { formValues, parseValues } from "~/forms/parse-form";
import type { Actor } from "~/access/actor";
import { assertCanEditPlan, EvidenceSchema, linkEvidence, requirementChoices } from "~/services/action-plan.server";
import { requireActor } from "~/services/current-user.server";
import { checkFilters, headlineFigure } from "~/services/oversight.server";

export const meta: MetaFunction<typeof action> = ({ data }) => pageTitle("Link a figure as evidence", data?.errors);

/** The metric and filters from the query string (GET) or the form (POST); null when they are not valid. */
function figureFrom(
  actor: Actor,
  values: Record<string, string | string[]>,
): { metric: MetricKey; filters: OversightFilters } | null {
  const one = (k: string) => (typeof values[k] === "string" ? (values[k] as string) : "");
  const metric = one("metric");
  const form = parseValues(Object.fromEntries(OVERSIGHT_FILTER_FIELDS.map((f) => [f, one(f)])), OversightFiltersSchema);
  if (!isMetricKey(metric) || !form.ok) return null;
  const filters = withDefaultPeriod(form.data, londonToday(new Date()));
  return checkFilters(actor, filters) ? null : { metric, filters };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  assertCanEditPlan(actor);
  const figure = figureFrom(actor, Object.fromEntries(new URL(request.url).searchParams));
  if (!figure) throw redirect("/oversight");
  const headline = headlineFigure(actor, figure.filters, figure.metric);
  return {
    ...figure,
    headline: { ...headline, text: cellText(headline.value) || "no figure" },
    requirements: requirementChoices(actor),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  assertCanEditPlan(actor);
  const values = formValues(await request.formData());
  const figure = figureFrom(actor, values);
  if (!figure) throw redirect("/oversight");
  const form = parseValues({ requirement: values.requirement ?? "", metric: figure.metric }, EvidenceSchema);
  if (!form.ok) return data({ errors: form.errors }, { status: 400 });
  linkEvidence(actor, form.data.requirement, figure.metric, figure.filters);
  throw redirect("/oversight/action-plan?saved=evidence");
}

export default function LinkEvidence() {
  const { metric, filters, headline, requirements } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={result?.errors} fieldOrder={["requirement"]} />
        <span className="govuk-caption-l">
          <Link className="govuk-link" to="/oversight/action-plan">
            Action plan
          </Link>
        </span>
        <h1 className="govuk-heading-l">Link a figure as evidence</h1>
        <dl className="govuk-summary-list">
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Figure</dt>
            <dd className="govuk-summary-list__value">{headline.title}</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">{headline.label}</dt>
            <dd className="govuk-summary-list__value" data-testid="evidence-value">
              {headline.text}
            </dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Cases opened</dt>
            <dd className="govuk-summary-list__value">
              {filters.from} to {filters.to}
              {filters.agency || filters.team ? " (filtered by agency or team)" : ""}
            </dd>
          </div>
        </dl>
        {requirements.length ? (
          <AppForm method="post">
            <input type="hidden" name="metric" value={metric} />
            {OVERSIGHT_FILTER_FIELDS.map((f) =>
              filters[f] ? <input key={f} type="hidden" name={f} value={filters[f]} /> : null,
            )}
            <Select
              name="requirement"
              label="Evidence requirement"
              emptyText="Choose a requirement"
              items={requirements}
              error={result?.errors.requirement}
            />
            <Button>Link as evidence</Button>
          </AppForm>
        ) : (
          <p className="govuk-body">The action plan has no evidence requirements yet. Add one first.</p>
        )}
      </div>
    </div>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AppForm, Button, ErrorSummary, Radios, TextArea } from "~/components/forms";
import { DisclosuresTable } from "~/components/meeting-disclosures";
import { pageTitle } from "~/components/page-title";
import { doneText, SuccessBanner } from "~/components/success-banner";
import { CONFIRMABLE_LEVELS, MAPPA_CATEGORIES } from "~/domain/mappa";
import { formValues } from "~/forms/parse-form";
import { requireActor } from "~/services/current-user.server";
import { DISCLOSURE_FIELDS } from "~/domain/meeting-kinds";
import { addDisclosure, confirmLevel, itemOutcomePage, saveRecommendations } from "~/services/meeting-outcomes.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(
    data
      ? data.page.meeting.family === "mappa"
        ? "Level, category and disclosures"
        : "Clinic recommendations"
      : "Outcome",
  );

const DONE = {
  level: "Level and category saved",
  disclosure: "Disclosure decision recorded",
  recommendations: "Recommendations saved",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return { page: itemOutcomePage(actor, params.meetingId ?? "", params.itemId ?? ""), done: doneText(request, DONE) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const meetingId = params.meetingId ?? "";
  const itemId = params.itemId ?? "";
  const values = formValues(await request.formData());
  const run =
    values.intent === "level"
      ? confirmLevel
      : values.intent === "disclosure"
        ? addDisclosure
        : values.intent === "recommendations"
          ? saveRecommendations
          : null;
  if (!run)
    return data({ errors: { form: "Choose what to record" } as Record<string, string>, values }, { status: 400 });
  const result = run(actor, meetingId, itemId, values);
  if (!result.ok) return data({ errors: result.errors, values: result.values }, { status: 400 });
  throw redirect(`/meetings/${meetingId}/items/${itemId}/outcome?done=${String(values.intent)}`);
}

const LEVEL_HINTS: Record<number, string> = {
  1: "Ordinary agency management: no further MAPPA meeting",
  2: "Active multi-agency management",
  3: "Active multi-agency management with senior oversight",
};
const CATEGORY_HINTS: Record<number, string> = {
  1: "Registered sexual offender",
  2: "Violent offender",
  3: "Other dangerous offender",
};

export default function ItemOutcome() {
  const { page, done } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors;
  const v = (result?.values ?? {}) as Record<string, string | string[] | undefined>;
  const text = (name: string) => (typeof v[name] === "string" ? (v[name] as string) : undefined);
  const { meeting, item } = page;
  const mappa = meeting.family === "mappa";
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to={`/meetings/${meeting.id}/items/${item.id}`} className="govuk-back-link">
          Back to the item
        </Link>
        <ErrorSummary errors={errors} fieldOrder={["level", "category", ...DISCLOSURE_FIELDS, "recommendations"]} />
        {!errors ? <SuccessBanner text={done} /> : null}
        <span className="govuk-caption-l">
          {meeting.title}: item {item.position}, {item.caseReference}
        </span>
        <h1 className="govuk-heading-l">{mappa ? "Level, category and disclosures" : "Clinic recommendations"}</h1>
        {mappa ? (
          <>
            <dl className="govuk-summary-list" data-testid="outcome">
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Level and category</dt>
                <dd className="govuk-summary-list__value">
                  {item.levelConfirmed !== null
                    ? `Level ${item.levelConfirmed}, category ${item.categoryConfirmed}`
                    : "Not confirmed yet"}
                </dd>
              </div>
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Next review</dt>
                <dd className="govuk-summary-list__value">{page.nextReview ?? "Set when the level is confirmed"}</dd>
              </div>
            </dl>
            {page.isChair && page.writable ? (
              <AppForm method="post">
                <input type="hidden" name="intent" value="level" />
                <Radios
                  name="level"
                  legend="MAPPA level confirmed"
                  legendSize="m"
                  error={errors?.level}
                  value={text("level") ?? (item.levelConfirmed !== null ? String(item.levelConfirmed) : undefined)}
                  items={CONFIRMABLE_LEVELS.map((l) => ({
                    value: String(l),
                    text: `Level ${l}`,
                    hint: LEVEL_HINTS[l],
                  }))}
                />
                <Radios
                  name="category"
                  legend="MAPPA category confirmed"
                  legendSize="m"
                  error={errors?.category}
                  value={
                    text("category") ?? (item.categoryConfirmed !== null ? String(item.categoryConfirmed) : undefined)
                  }
                  items={MAPPA_CATEGORIES.map((c) => ({
                    value: String(c),
                    text: `Category ${c}`,
                    hint: CATEGORY_HINTS[c],
                  }))}
                />
                <Button>Save level and category</Button>
              </AppForm>
            ) : null}
            <h2 className="govuk-heading-m">Disclosure decisions</h2>
            {page.disclosures.length ? (
              <DisclosuresTable disclosures={page.disclosures} testId="disclosures" />
            ) : (
              <p className="govuk-body">No disclosure decisions yet.</p>
            )}
            {page.writable ? (
              <AppForm method="post">
                <input type="hidden" name="intent" value="disclosure" />
                <h3 className="govuk-heading-s">Record a disclosure decision</h3>
                <TextArea name="toWhom" label="To whom" error={errors?.toWhom} defaultValue={text("toWhom")} rows={2} />
                <TextArea
                  name="what"
                  label="What is disclosed"
                  error={errors?.what}
                  defaultValue={text("what")}
                  rows={3}
                />
                <TextArea name="why" label="Why" error={errors?.why} defaultValue={text("why")} rows={3} />
                <TextArea
                  name="byWhom"
                  label="Who makes the disclosure"
                  hint="A person or agency"
                  error={errors?.byWhom}
                  defaultValue={text("byWhom")}
                  rows={2}
                />
                <Button secondary>Record the disclosure decision</Button>
              </AppForm>
            ) : null}
          </>
        ) : (
          <>
            <p className="govuk-body app-pre-line" data-testid="recommendations">
              {item.recommendations || "No recommendations recorded yet."}
            </p>
            {page.isChair && page.writable ? (
              <AppForm method="post">
                <input type="hidden" name="intent" value="recommendations" />
                <TextArea
                  name="recommendations"
                  label="The clinic's recommendations"
                  labelSize="m"
                  error={errors?.recommendations}
                  defaultValue={text("recommendations") ?? item.recommendations}
                  rows={6}
                />
                <Button>Save recommendations</Button>
              </AppForm>
            ) : null}
          </>
        )}
      </div>
    </div>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { SuccessBanner } from "~/components/success-banner";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { AppForm, Button, ErrorSummary, Radios, TextArea } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { formatDateTime } from "~/domain/dates";
import { idField } from "~/forms/fields";
import { formValues, type FieldErrors } from "~/forms/parse-form";
import { decideAccessRequest } from "~/services/access-requests.server";
import { LAWFUL_BASES, LAWFUL_BASIS_LABELS } from "~/access/vocabulary";
import { reviewBreakGlass } from "~/services/break-glass.server";
import { requireActor } from "~/services/current-user.server";
import { reviewQueue } from "~/services/reviews.server";
import { SummaryRow } from "~/components/summary-row";

const TargetSchema = z.object({ intent: z.enum(["review-grant", "decide-request"]), id: idField });

/** Element ids are per item, so several forms on one page never share an id and error links find their field. */
const fieldId = (prefix: "grant" | "request", id: string, field: string) => `${prefix}-${id}-${field}`;

export const meta: MetaFunction<typeof action> = ({ data }) =>
  pageTitle("Reviews", data && "errors" in data ? data.errors : null);

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return reviewQueue(actor);
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const values = formValues(await request.formData());
  const target = TargetSchema.safeParse(values);
  if (!target.success)
    return data(
      { errors: { form: "Choose an item to review from the list" } as FieldErrors, itemId: null, values },
      { status: 400 },
    );
  const { intent, id } = target.data;
  const prefix = intent === "review-grant" ? "grant" : "request";
  const result =
    intent === "review-grant" ? reviewBreakGlass(actor, id, values) : decideAccessRequest(actor, id, values);
  if (!result.ok) {
    const errors = Object.fromEntries(
      Object.entries(result.errors).map(([field, message]) => [fieldId(prefix, id, field), message]),
    );
    return data({ errors, itemId: id, values }, { status: 400 });
  }
  const done =
    "decision" in result
      ? result.decision === "approve"
        ? result.shared
          ? "Request approved. The record has been shared with them"
          : result.addedToTeam
            ? "Request approved. They have been added to the case team"
            : "Request approved. They were already on the case team"
        : "Request refused"
      : result.endedEarly
        ? "Review recorded. Their emergency access has ended"
        : "Review recorded";
  return { done };
}

export default function Reviews() {
  const { grants, requests, mayReview, mayDecide } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result && "errors" in result ? result.errors : undefined;
  const itemId = result && "itemId" in result ? result.itemId : null;
  const values = result && "values" in result ? result.values : {};
  const form: SentForm = {
    value: (id, field) => (id === itemId && typeof values[field] === "string" ? (values[field] as string) : undefined),
    error: (prefix, id, field) => errors?.[fieldId(prefix, id, field)],
  };

  return (
    <>
      <ErrorSummary errors={errors} />
      {result && "done" in result ? <SuccessBanner text={result.done} /> : null}
      <h1 className="govuk-heading-l">Reviews</h1>

      {mayReview ? (
        <section aria-labelledby="grants-heading" data-testid="grants">
          <h2 className="govuk-heading-m" id="grants-heading">
            Emergency access to review
          </h2>
          {grants.length === 0 ? <p className="govuk-body">There is no emergency access waiting for review.</p> : null}
          {grants.map((g) => (
            <ReviewItem
              key={g.id}
              testId="grant"
              intent="review-grant"
              prefix="grant"
              id={g.id}
              title={`${g.holder}, ${g.holderAgency}`}
              rows={[
                ["Case", g.reference],
                ["Reason given", g.reason],
                ["Granted", formatDateTime(g.grantedAt)],
                [g.active ? "Expires" : "Ended", formatDateTime(g.expiresAt)],
                ["Views recorded", String(g.views)],
              ]}
              choice={{
                name: "outcome",
                legend: "Was the emergency access justified?",
                items: [
                  { value: "justified", text: "Justified" },
                  { value: "not_justified", text: "Not justified" },
                ],
              }}
              noteHint="Required if it was not justified. Access that was not justified ends at once."
              button="Record review"
              buttonContext={` of emergency access by ${g.holder}`}
              form={form}
            />
          ))}
        </section>
      ) : null}

      {mayDecide ? (
        <section aria-labelledby="requests-heading" data-testid="access-requests">
          <h2 className="govuk-heading-m" id="requests-heading">
            Access requests to decide
          </h2>
          {requests.length === 0 ? (
            <p className="govuk-body">There are no access requests waiting for a decision.</p>
          ) : null}
          {requests.map((r) => (
            <ReviewItem
              key={r.id}
              testId="access-request"
              intent="decide-request"
              prefix="request"
              id={r.id}
              title={`${r.requester}, ${r.requesterAgency}`}
              rows={[
                ["Case", r.reference],
                ...(r.recordId
                  ? ([["Record", `${r.recordKind ?? "record"}: ${r.recordTitle ?? ""}`]] as [string, string][])
                  : []),
                ["Reason given", r.reason],
                ["Asked", formatDateTime(r.createdAt)],
                r.recordId
                  ? ["If you approve", "The record is shared with them, for case work, on the lawful basis you choose"]
                  : [
                      "On the case team",
                      r.onTeam
                        ? "Yes: approving adds nothing; share a record to give access to it"
                        : "No: approving adds them to the case team",
                    ],
              ]}
              lawfulBasis={r.recordId !== null}
              choice={{
                name: "decision",
                legend: "Your decision",
                items: [
                  { value: "approve", text: "Approve" },
                  { value: "refuse", text: "Refuse" },
                ],
              }}
              noteHint="Required if you refuse. The person who asked will see it."
              button="Record decision"
              buttonContext={` on the request from ${r.requester}`}
              form={form}
            />
          ))}
        </section>
      ) : null}
    </>
  );
}

type SentForm = {
  value: (id: string, field: string) => string | undefined;
  error: (prefix: "grant" | "request", id: string, field: string) => string | undefined;
};

/** One item in the queue: what was asked, then its own form (ids prefixed by item, see fieldId). */
function ReviewItem(p: {
  testId: string;
  intent: "review-grant" | "decide-request";
  prefix: "grant" | "request";
  id: string;
  title: string;
  rows: [string, string][];
  choice: { name: string; legend: string; items: { value: string; text: string }[] };
  noteHint: string;
  button: string;
  buttonContext: string;
  form: SentForm;
  /** A request for one record: approving shares it, on the lawful basis chosen here. */
  lawfulBasis?: boolean;
}) {
  return (
    <div className="govuk-summary-card" data-testid={p.testId}>
      <div className="govuk-summary-card__title-wrapper">
        <h3 className="govuk-summary-card__title">{p.title}</h3>
      </div>
      <div className="govuk-summary-card__content">
        <dl className="govuk-summary-list">
          {p.rows.map(([label, text]) => (
            <SummaryRow key={label} label={label}>
              <span className="app-record-text">{text}</span>
            </SummaryRow>
          ))}
        </dl>
        <AppForm method="post">
          <input type="hidden" name="intent" value={p.intent} />
          <input type="hidden" name="id" value={p.id} />
          <Radios
            name={p.choice.name}
            id={fieldId(p.prefix, p.id, p.choice.name)}
            legend={p.choice.legend}
            legendSize="s"
            inline
            value={p.form.value(p.id, p.choice.name)}
            error={p.form.error(p.prefix, p.id, p.choice.name)}
            items={p.choice.items}
          />
          {p.lawfulBasis ? (
            <Radios
              name="lawfulBasis"
              id={fieldId(p.prefix, p.id, "lawfulBasis")}
              legend="Lawful basis for sharing, if you approve"
              legendSize="s"
              value={p.form.value(p.id, "lawfulBasis")}
              error={p.form.error(p.prefix, p.id, "lawfulBasis")}
              items={LAWFUL_BASES.map((b) => ({ value: b, text: LAWFUL_BASIS_LABELS[b] }))}
            />
          ) : null}
          <TextArea
            name="note"
            id={fieldId(p.prefix, p.id, "note")}
            label="Note"
            hint={p.noteHint}
            rows={3}
            defaultValue={p.form.value(p.id, "note")}
            error={p.form.error(p.prefix, p.id, "note")}
          />
          <Button>
            {p.button}
            <span className="govuk-visually-hidden">{p.buttonContext}</span>
          </Button>
        </AppForm>
      </div>
    </div>
  );
}

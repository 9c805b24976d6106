import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { DateInput } from "~/components/date-input";
import { AppForm, Button, ErrorSummary, Select, TextArea } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { doneText, SuccessBanner } from "~/components/success-banner";
import { formValues } from "~/forms/parse-form";
import { requireActor } from "~/services/current-user.server";
import {
  actionPage,
  completeAction,
  deleteAction,
  editAction,
  reassignAction,
} from "~/services/meeting-actions.server";

export const meta: MetaFunction<typeof loader> = () => pageTitle("Action from a meeting");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const page = actionPage(actor, params.meetingId ?? "", params.actionId ?? "");
  return { ...page, done: doneText(request, DONE) };
}

const DONE = {
  edit: "Action changed",
  reassign: "Action reassigned: the new owner has been told",
  complete: "Action completed",
  delete: "Action deleted",
} as const;

type Errors = Record<string, string>;

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const meetingId = params.meetingId ?? "";
  const actionId = params.actionId ?? "";
  const values = formValues(await request.formData());
  const run = { edit: editAction, reassign: reassignAction, complete: completeAction, delete: deleteAction } as const;
  const intent = typeof values.intent === "string" && values.intent in run ? (values.intent as keyof typeof run) : null;
  if (!intent) return data({ errors: { form: "Choose what to do" } as Errors, values, intent: null }, { status: 400 });
  const result = run[intent](actor, meetingId, actionId, values);
  if (!result.ok) return data({ errors: result.errors as Errors, values, intent }, { status: 400 });
  throw redirect(`/meetings/${meetingId}/actions/${actionId}?done=${intent}`);
}

const STATUS = { open: "Open", done: "Done", deleted: "Deleted" } as const;

export default function MeetingActionPage() {
  const { meeting, caseReference, action: a, due, owners, ownerValue, done } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors;
  const v = (result?.values ?? {}) as Record<string, string | string[] | undefined>;
  const text = (name: string) => (typeof v[name] === "string" ? (v[name] as string) : undefined);
  const mine = (intent: string) => result?.intent === intent;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link
          to={meeting.isMember ? `/meetings/${meeting.id}/items/${a.itemId}#actions` : "/"}
          className="govuk-back-link"
        >
          {meeting.isMember ? "Back to the agenda item" : "Back to your work"}
        </Link>
        <ErrorSummary errors={errors} fieldOrder={["text", "due", "owner", "note", "reason"]} />
        {errors ? null : <SuccessBanner text={done} />}
        <span className="govuk-caption-l">
          {meeting.title}: {caseReference}
        </span>
        <h1 className="govuk-heading-l">Action from a meeting</h1>
        <dl className="govuk-summary-list" data-testid="action-summary">
          {(
            [
              ["Action", a.text],
              ["Owner", a.owner],
              ["Due", a.due + (a.overdue ? " (overdue)" : "")],
              ["Status", STATUS[a.status]],
              ...(a.completionNote ? [["What was done", a.completionNote]] : []),
              ...(a.deletionReason ? [["Why it was deleted", a.deletionReason]] : []),
            ] as [string, string][]
          ).map(([key, value]) => (
            <div className="govuk-summary-list__row" key={key}>
              <dt className="govuk-summary-list__key">{key}</dt>
              <dd className="govuk-summary-list__value app-pre-line">{value}</dd>
            </div>
          ))}
        </dl>

        {a.mayComplete ? (
          <AppForm method="post">
            <input type="hidden" name="intent" value="complete" />
            <TextArea
              name="note"
              label="Complete the action"
              labelSize="m"
              hint="Say briefly what was done"
              error={errors?.note}
              defaultValue={mine("complete") ? text("note") : undefined}
              rows={3}
            />
            <Button>Complete the action</Button>
          </AppForm>
        ) : null}

        {a.mayChange ? (
          <>
            <AppForm method="post">
              <input type="hidden" name="intent" value="edit" />
              <h2 className="govuk-heading-m">Change the action</h2>
              <TextArea
                name="text"
                label="Action"
                labelSize="s"
                error={errors?.text}
                defaultValue={mine("edit") ? text("text") : a.text}
                rows={3}
              />
              <DateInput
                name="due"
                legend="Due date"
                legendSize="s"
                error={errors?.due}
                value={
                  mine("edit")
                    ? { day: text("due-day") ?? "", month: text("due-month") ?? "", year: text("due-year") ?? "" }
                    : due
                }
              />
              <Button secondary>Save changes</Button>
            </AppForm>
            <AppForm method="post">
              <input type="hidden" name="intent" value="reassign" />
              <h2 className="govuk-heading-m">Reassign the action</h2>
              <Select
                name="owner"
                label="New owner (a person or an agency)"
                error={errors?.owner}
                value={mine("reassign") ? text("owner") : ownerValue}
                items={owners}
              />
              <Button secondary>Reassign</Button>
            </AppForm>
            <AppForm method="post">
              <input type="hidden" name="intent" value="delete" />
              <h2 className="govuk-heading-m">Delete the action</h2>
              <TextArea
                name="reason"
                label="Why is the action being deleted?"
                labelSize="s"
                hint="The action is kept, with this reason, in the meeting's record"
                error={errors?.reason}
                defaultValue={mine("delete") ? text("reason") : undefined}
                rows={2}
              />
              <Button warning>Delete the action</Button>
            </AppForm>
          </>
        ) : null}
      </div>
    </div>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { CaseHeader } from "~/components/case-header";
import { DateInput } from "~/components/date-input";
import { AppForm, ErrorSummary, Select, TextInput } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { doneText, SuccessBanner } from "~/components/success-banner";
import { formatDate } from "~/domain/dates";
import { formValues } from "~/forms/parse-form";
import { requireActor } from "~/services/current-user.server";
import { TASK_ACTIONS, TASK_FIELDS, TASK_TITLE_MAX } from "~/forms/order-forms";
import { addTask, caseTasksPage, closeTask } from "~/services/tasks.server";

const DONE = { added: "Task added", done: "Task marked as done", cancel: "Task cancelled" };

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `Tasks, case ${data.case.reference}` : "Tasks");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return { ...caseTasksPage(actor, params.caseId ?? ""), done: doneText(request, DONE) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const caseId = params.caseId ?? "";
  const values = formValues(await request.formData());
  const what = TASK_ACTIONS.find((a) => a === values.intent);
  if (what) {
    const closed = closeTask(actor, caseId, typeof values.taskId === "string" ? values.taskId : "", what);
    if (!closed.ok)
      return data(
        { errors: { form: closed.message } as Record<string, string>, values: {} as Record<string, string | string[]> },
        { status: 400 },
      );
    throw redirect(`/cases/${caseId}/tasks?done=${what}`);
  }
  const result = addTask(actor, caseId, values);
  if (!result.ok) return data({ errors: result.errors, values: result.values }, { status: 400 });
  throw redirect(`/cases/${caseId}/tasks?done=added`);
}

export default function CaseTasks() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors;
  const v = (result?.values ?? {}) as Record<string, string | string[] | undefined>;
  const text = (name: string) => (typeof v[name] === "string" ? (v[name] as string) : undefined);
  return (
    <>
      <ErrorSummary errors={errors} fieldOrder={TASK_FIELDS} />
      {!errors ? <SuccessBanner text={d.done} /> : null}
      <CaseHeader c={d.case} title="Tasks" />

      <h2 className="govuk-heading-m">Open tasks</h2>
      {d.open.length === 0 ? (
        <p className="govuk-body">There are no open tasks on this case.</p>
      ) : (
        <table className="govuk-table" data-testid="open-tasks">
          <caption className="govuk-table__caption govuk-visually-hidden">Open tasks, soonest due first</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Task
              </th>
              <th scope="col" className="govuk-table__header">
                Owner
              </th>
              <th scope="col" className="govuk-table__header">
                Due
              </th>
              {d.canWork ? (
                <th scope="col" className="govuk-table__header">
                  <span className="govuk-visually-hidden">Actions</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {d.open.map((t) => (
              <tr className="govuk-table__row" key={t.id} data-testid="task">
                <td className="govuk-table__cell">{t.title}</td>
                <td className="govuk-table__cell">{t.owner}</td>
                <td className="govuk-table__cell">
                  {formatDate(t.dueOn)}
                  {t.overdue ? <strong className="govuk-tag govuk-tag--red app-tag-gap">Overdue</strong> : null}
                </td>
                {d.canWork ? (
                  <td className="govuk-table__cell">
                    <div className="govuk-button-group">
                      <TaskButton taskId={t.id} intent="done" title={t.title} label="Mark done" />
                      <TaskButton taskId={t.id} intent="cancel" title={t.title} label="Cancel" secondary />
                    </div>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {d.canWork ? (
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <h2 className="govuk-heading-m">Add a task</h2>
            <AppForm method="post">
              <input type="hidden" name="intent" value="add" />
              <TextInput
                name="title"
                label="What needs to be done?"
                hint={`Up to ${TASK_TITLE_MAX} characters. Everyone who can see this case can see the task, so keep it to case information: no victim contact details, clinical or intelligence detail.`}
                defaultValue={text("title")}
                error={errors?.title}
              />
              <Select
                name="ownerUserId"
                label="Who will do it?"
                emptyText="Select someone on the case team"
                value={text("ownerUserId")}
                error={errors?.ownerUserId}
                items={d.team}
              />
              <DateInput
                name="dueOn"
                legend="Due date"
                hint="Today or later. For example, 27 3 2026"
                value={{ day: text("dueOn-day"), month: text("dueOn-month"), year: text("dueOn-year") }}
                error={errors?.dueOn}
              />
              <button type="submit" className="govuk-button" data-module="govuk-button">
                Add task
              </button>
            </AppForm>
          </div>
        </div>
      ) : (
        <p className="govuk-body">Only members of the case team can add or close tasks.</p>
      )}

      <h2 className="govuk-heading-m">Done and cancelled</h2>
      {d.closed.length === 0 ? (
        <p className="govuk-body">No tasks have been closed yet.</p>
      ) : (
        <table className="govuk-table" data-testid="closed-tasks">
          <caption className="govuk-table__caption govuk-visually-hidden">Done and cancelled tasks</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Task
              </th>
              <th scope="col" className="govuk-table__header">
                Owner
              </th>
              <th scope="col" className="govuk-table__header">
                Outcome
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {d.closed.map((t) => (
              <tr className="govuk-table__row" key={t.id}>
                <td className="govuk-table__cell">{t.title}</td>
                <td className="govuk-table__cell">{t.owner}</td>
                <td className="govuk-table__cell">
                  {t.status === "done" ? "Done" : "Cancelled"}
                  {t.completedBy ? ` by ${t.completedBy}` : ""}
                  {t.completedAt ? `, ${formatDate(t.completedAt)}` : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function TaskButton({
  taskId,
  intent,
  title,
  label,
  secondary,
}: {
  taskId: string;
  intent: string;
  title: string;
  label: string;
  secondary?: boolean;
}) {
  return (
    <AppForm method="post" className="app-inline-form">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="taskId" value={taskId} />
      <button
        type="submit"
        className={`govuk-button govuk-!-margin-bottom-0${secondary ? " govuk-button--secondary" : ""}`}
        data-module="govuk-button"
      >
        {label}
        <span className="govuk-visually-hidden"> {title}</span>
      </button>
    </AppForm>
  );
}

import { Link } from "@remix-run/react";
import { formatDate } from "~/domain/dates";
import type { SpoOutstanding } from "~/services/spo-considerations.server";
import type { HomeTask } from "~/services/tasks.server";

/** Home page: "My tasks" (soonest due first, overdue tagged) and "Overdue" (on the teams the person is on). */
export function MyTaskSections({ myTasks, overdueTasks }: { myTasks: HomeTask[]; overdueTasks: HomeTask[] }) {
  return (
    <>
      <h2 className="govuk-heading-m">My tasks</h2>
      {myTasks.length === 0 ? (
        <p className="govuk-body" data-testid="no-my-tasks">
          You have no open tasks.
        </p>
      ) : (
        <TaskTable id="my-tasks" caption="My open tasks, soonest due first" tasks={myTasks} showOwner={false} />
      )}
      <h2 className="govuk-heading-m">Overdue</h2>
      {overdueTasks.length === 0 ? (
        <p className="govuk-body" data-testid="no-overdue-tasks">
          No tasks on your cases are overdue.
        </p>
      ) : (
        <TaskTable id="overdue-tasks" caption="Overdue tasks on the cases you work on, most overdue first" tasks={overdueTasks} showOwner />
      )}
    </>
  );
}

function TaskTable({ id, caption, tasks, showOwner }: { id: string; caption: string; tasks: HomeTask[]; showOwner: boolean }) {
  return (
    <table className="govuk-table" data-testid={id}>
      <caption className="govuk-table__caption govuk-visually-hidden">{caption}</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">Task</th>
          <th scope="col" className="govuk-table__header">Case</th>
          {showOwner ? <th scope="col" className="govuk-table__header">Owner</th> : null}
          <th scope="col" className="govuk-table__header">Due</th>
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {tasks.map((t) => (
          <tr className="govuk-table__row" key={t.id}>
            <td className="govuk-table__cell">{t.title}</td>
            <td className="govuk-table__cell">
              <Link className="govuk-link" to={`/cases/${t.caseId}/tasks`}>
                {t.reference}
                <span className="govuk-visually-hidden"> tasks</span>
              </Link>
            </td>
            {showOwner ? <td className="govuk-table__cell">{t.mine ? "You" : t.owner}</td> : null}
            <td className="govuk-table__cell">
              {formatDate(t.dueOn)}
              {t.daysOverdue > 0 ? <strong className="govuk-tag govuk-tag--red app-tag-gap">Overdue by {t.daysOverdue === 1 ? "1 day" : `${t.daysOverdue} days`}</strong> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Police supervisors' home page: cases led by their agency with no stalking protection order considered after the allowed days. */
export function SpoOutstandingSection({ cases, days }: { cases: SpoOutstanding[]; days: number }) {
  return (
    <>
      <h2 className="govuk-heading-m">Stalking protection order consideration outstanding</h2>
      {cases.length === 0 ? (
        <p className="govuk-body" data-testid="no-spo-outstanding">
          Every case your agency leads has had a stalking protection order considered within {days} days.
        </p>
      ) : (
        <table className="govuk-table" data-testid="spo-outstanding">
          <caption className="govuk-table__caption govuk-visually-hidden">Cases with no stalking protection order considered after {days} days, oldest first</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Case</th>
              <th scope="col" className="govuk-table__header">Opened</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Days open</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {cases.map((c) => (
              <tr className="govuk-table__row" key={c.id}>
                <td className="govuk-table__cell">
                  <Link className="govuk-link" to={`/cases/${c.id}/orders`}>
                    {c.reference}
                  </Link>
                </td>
                <td className="govuk-table__cell">{formatDate(c.createdAt)}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{c.daysOpen}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

import { Link } from "@remix-run/react";
import { groupToday, type TodayEntry, type TodayGroupId } from "~/domain/today";

/**
 * "Today" on the home page: everything the person should act on, once, under a heading for each kind of work
 * (tasks, countersigning, charging deadlines, ...), most pressing first within each, every entry a link to where
 * they act. GOV.UK's task list pattern (name, hint and status per row), so it reads as other government services do.
 * `alwaysShown` groups appear even when empty (a supervisor's countersigning, with its link to the full list).
 */
export function TodaySection({ entries, alwaysShown }: { entries: TodayEntry[]; alwaysShown: TodayGroupId[] }) {
  return (
    <section aria-labelledby="today-heading" data-testid="today">
      <h2 className="govuk-heading-m" id="today-heading">
        Today
      </h2>
      {entries.length === 0 ? (
        <p className="govuk-body" data-testid="today-empty">
          Nothing needs you today.
        </p>
      ) : null}
      {groupToday(entries, alwaysShown).map((g) => (
        <section key={g.id} aria-labelledby={`today-${g.id}`} data-testid="today-group" data-group={g.id}>
          <h3 className="govuk-heading-s" id={`today-${g.id}`}>
            {g.heading}
          </h3>
          {g.about ? <p className="govuk-body">{g.about}</p> : null}
          {g.entries.length === 0 ? (
            <p className="govuk-body">Nothing waiting.</p>
          ) : (
            <ul className="govuk-task-list" data-testid="today-list">
              {g.entries.map((e) => (
                <li
                  className="govuk-task-list__item govuk-task-list__item--with-link"
                  key={e.key}
                  data-testid="today-entry"
                >
                  <div className="govuk-task-list__name-and-hint">
                    <Link
                      className="govuk-link govuk-task-list__link"
                      to={e.href}
                      aria-describedby={`today-${e.key}-hint today-${e.key}-status`}
                    >
                      {e.text}
                    </Link>
                    <div id={`today-${e.key}-hint`} className="govuk-task-list__hint">
                      {e.hint}
                    </div>
                  </div>
                  <div className="govuk-task-list__status" id={`today-${e.key}-status`}>
                    <strong className={`govuk-tag govuk-tag--${e.status.tone}`}>{e.status.text}</strong>
                  </div>
                </li>
              ))}
            </ul>
          )}
          {g.more ? (
            <p className="govuk-body">
              <Link className="govuk-link" to={g.more.href}>
                {g.more.text}
              </Link>
            </p>
          ) : null}
        </section>
      ))}
    </section>
  );
}

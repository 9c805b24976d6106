import { Link } from "@remix-run/react";
import type { TodayEntry } from "~/domain/today";

/**
 * "Today" on the home page: what the person should act on, most pressing first, each a link to where they act.
 * GOV.UK's task list pattern (name, hint and status per row), so it reads the same as other government services.
 */
export function TodaySection({ entries }: { entries: TodayEntry[] }) {
  return (
    <section aria-labelledby="today-heading" data-testid="today">
      <h2 className="govuk-heading-m" id="today-heading">
        Today
      </h2>
      {entries.length === 0 ? (
        <p className="govuk-body" data-testid="today-empty">
          Nothing needs you today.
        </p>
      ) : (
        <ul className="govuk-task-list" data-testid="today-list">
          {entries.map((e) => (
            <li className="govuk-task-list__item govuk-task-list__item--with-link" key={e.key} data-testid="today-entry">
              <div className="govuk-task-list__name-and-hint">
                <Link className="govuk-link govuk-task-list__link" to={e.href} aria-describedby={`today-${e.key}-hint today-${e.key}-status`}>
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
    </section>
  );
}

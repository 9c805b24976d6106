import { Link } from "@remix-run/react";
import { DateInput } from "~/components/date-input";
import { AppForm, Button, Select, TextArea } from "~/components/forms";
import { ActionChangeLink } from "~/components/meeting-action-link";
import type { ItemView } from "~/services/meetings.server";

type Values = Record<string, string | string[] | undefined>;
type Conflict = { version: number; theirs: string; yours: string };

/**
 * An agenda item's minutes, decisions and actions. Written in one place, the meeting page (decision 0046): there the
 * live meeting writes them once JavaScript has connected, and these ordinary forms do the same work without it and
 * after the meeting closes. Everywhere else (the item page) they are shown read-only, with `writeHref` pointing to
 * that one place. Field ids are the page's own: only one item's forms are on a page at a time.
 */
export function ItemRecord(p: {
  item: Pick<ItemView, "id" | "caseReference" | "minutes" | "minutesVersion" | "decisions" | "actions">;
  writable: boolean;
  /** Where the minutes, decisions and actions are written, when not here. */
  writeHref?: string;
  owners?: { value: string; text: string }[];
  errors?: Record<string, string>;
  values?: Values;
  conflict?: Conflict | null;
}) {
  const { item, writable, errors, conflict } = p;
  const v = p.values ?? {};
  const text = (name: string) => (typeof v[name] === "string" ? (v[name] as string) : undefined);
  return (
    <>
      {p.writeHref ? (
        <p className="govuk-body" data-testid="write-in-meeting">
          <Link className="govuk-link" to={p.writeHref}>
            Write the minutes, decisions and actions on the meeting page
            <span className="govuk-visually-hidden"> for {item.caseReference}</span>
          </Link>
        </p>
      ) : null}
      <h3 className="govuk-heading-s" id="minutes">
        Minutes
      </h3>
      {conflict ? (
        <div className="govuk-warning-text" data-testid="minutes-conflict">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <div className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            Someone else saved changes to the same lines. Nothing has been overwritten.
            <h4 className="govuk-heading-s govuk-!-margin-top-2">The saved minutes (version {conflict.version})</h4>
            <pre className="app-minutes-text" data-testid="conflict-theirs">
              {conflict.theirs}
            </pre>
            <h4 className="govuk-heading-s">Your changes</h4>
            <pre className="app-minutes-text" data-testid="conflict-yours">
              {conflict.yours}
            </pre>
            <p className="govuk-body">Combine them in the box below and save again.</p>
          </div>
        </div>
      ) : null}
      {writable ? (
        <AppForm method="post" key={`${item.id}-${item.minutesVersion}-${conflict?.version ?? ""}`}>
          <input type="hidden" name="intent" value="minutes" />
          <input type="hidden" name="itemId" value={item.id} />
          <input type="hidden" name="baseVersion" value={conflict ? conflict.version : item.minutesVersion} />
          <TextArea
            name="text"
            label={`Minutes for ${item.caseReference}`}
            labelSize="s"
            error={errors?.text}
            defaultValue={conflict ? conflict.yours : (item.minutes ?? "")}
            rows={10}
          />
          <Button>Save minutes</Button>
        </AppForm>
      ) : item.minutes ? (
        <p className="govuk-body app-pre-line" data-testid="item-minutes">
          {item.minutes}
        </p>
      ) : (
        <p className="govuk-body">No minutes yet.</p>
      )}

      <h3 className="govuk-heading-s" id="decisions">
        Decisions
      </h3>
      {item.decisions.length ? (
        <ul className="govuk-list govuk-list--bullet">
          {item.decisions.map((d) => (
            <li key={d.id}>
              {d.text} <span className="govuk-body-s">({d.createdBy})</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="govuk-body">No decisions recorded.</p>
      )}
      {writable ? (
        <AppForm method="post">
          <input type="hidden" name="intent" value="decision" />
          <input type="hidden" name="itemId" value={item.id} />
          <TextArea
            name="text"
            id="decision"
            label="Record a decision"
            labelSize="s"
            hint="Include the reasons"
            error={errors?.decision}
            defaultValue={text("intent") === "decision" ? text("text") : undefined}
            rows={3}
          />
          <Button secondary>Record decision</Button>
        </AppForm>
      ) : null}

      <h3 className="govuk-heading-s" id="actions">
        Actions
      </h3>
      {item.actions.length ? (
        <table className="govuk-table" data-testid="item-actions">
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Action
              </th>
              <th scope="col" className="govuk-table__header">
                Owner
              </th>
              <th scope="col" className="govuk-table__header">
                Due
              </th>
              <th scope="col" className="govuk-table__header">
                Status
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {item.actions.map((a) => (
              <tr className="govuk-table__row" key={a.id}>
                <td className="govuk-table__cell">{a.text}</td>
                <td className="govuk-table__cell">{a.owner}</td>
                <td className="govuk-table__cell">
                  {a.due}
                  {a.overdue ? (
                    <strong className="govuk-tag govuk-tag--red govuk-!-margin-left-1">Overdue</strong>
                  ) : null}
                </td>
                <td className="govuk-table__cell">
                  {a.status === "done"
                    ? `Done: ${a.completionNote ?? ""}`
                    : a.status === "deleted"
                      ? `Deleted: ${a.deletionReason ?? ""}`
                      : "Open"}
                  {a.mayChange || a.mayComplete ? <br /> : null}
                  <ActionChangeLink action={a} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="govuk-body">No actions recorded.</p>
      )}
      {writable ? (
        <AppForm method="post">
          <input type="hidden" name="intent" value="action" />
          <input type="hidden" name="itemId" value={item.id} />
          <TextArea
            name="text"
            id="actionText"
            label="Record an action"
            labelSize="s"
            error={errors?.actionText}
            defaultValue={text("intent") === "action" ? text("text") : undefined}
            rows={3}
          />
          <Select
            name="owner"
            label="Owner (a person or an agency)"
            error={errors?.owner}
            emptyText="Choose the owner"
            value={text("owner")}
            items={p.owners ?? []}
          />
          <DateInput
            name="due"
            legend="Due date"
            legendSize="s"
            error={errors?.due}
            value={{ day: text("due-day") ?? "", month: text("due-month") ?? "", year: text("due-year") ?? "" }}
          />
          <Button secondary>Record action</Button>
        </AppForm>
      ) : null}
    </>
  );
}

import { Link } from "@remix-run/react";

type HomeAction = { id: string; meetingId: string; itemId: string; text: string; caseReference: string; meetingTitle: string; due: string; overdue: boolean; ownedBy: "you" | "agency"; owner: string };

/** Open actions from clinic and MAPPA meetings: the person's own, and their agency's for its supervisors. */
export function MeetingActionsSection({ actions }: { actions: HomeAction[] }) {
  if (!actions.length) return null;
  return (
    <>
      <h2 className="govuk-heading-m">Actions from meetings</h2>
      <table className="govuk-table" data-testid="meeting-actions">
        <caption className="govuk-table__caption govuk-visually-hidden">Actions from meetings</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Action</th>
            <th scope="col" className="govuk-table__header">Case</th>
            <th scope="col" className="govuk-table__header">Owner</th>
            <th scope="col" className="govuk-table__header">Due</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {actions.map((a) => (
            <tr className="govuk-table__row" key={a.id}>
              <td className="govuk-table__cell">
                <Link className="govuk-link" to={`/meetings/${a.meetingId}/actions/${a.id}`}>
                  {a.text}
                </Link>
                <br />
                <span className="govuk-body-s">{a.meetingTitle}</span>
              </td>
              <td className="govuk-table__cell">{a.caseReference}</td>
              <td className="govuk-table__cell">{a.ownedBy === "you" ? "You" : `${a.owner} (your agency)`}</td>
              <td className="govuk-table__cell">
                {a.due}
                {a.overdue ? <strong className="govuk-tag govuk-tag--red govuk-!-margin-left-1">Overdue</strong> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

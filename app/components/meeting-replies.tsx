import type { ReplyView } from "~/services/meeting-invitations.server";

const TAG: Record<ReplyView["response"], string> = {
  pending: "govuk-tag--grey",
  accepted: "govuk-tag--green",
  declined: "govuk-tag--yellow",
  deputy: "govuk-tag--blue",
};

/** Replies to the invitation, for the coordinator and chair (issue 15). */
export function MeetingReplies({ replies }: { replies: ReplyView[] }) {
  const outstanding = replies.filter((r) => r.response === "pending").length;
  return (
    <>
      <h2 className="govuk-heading-m" id="replies">
        Replies
      </h2>
      <table className="govuk-table" data-testid="replies">
        <caption className="govuk-table__caption govuk-table__caption--s">
          {outstanding
            ? `${outstanding} ${outstanding === 1 ? "reply" : "replies"} outstanding`
            : "Everyone has replied"}
        </caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">
              Name
            </th>
            <th scope="col" className="govuk-table__header">
              Agency
            </th>
            <th scope="col" className="govuk-table__header">
              Reply
            </th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {replies.map((r) => (
            <tr className="govuk-table__row" key={r.userId}>
              <td className="govuk-table__cell">
                {r.name}
                {r.isChair ? " (chair)" : ""}
                {r.deputyFor ? (
                  <span className="govuk-hint govuk-!-margin-bottom-0">Deputy for {r.deputyFor}</span>
                ) : null}
              </td>
              <td className="govuk-table__cell">{r.agency}</td>
              <td className="govuk-table__cell">
                <strong className={`govuk-tag ${TAG[r.response]}`}>{r.responseLabel}</strong>
                {r.deputyName ? ` (${r.deputyName})` : ""}
                {r.respondedAt ? <span className="govuk-hint govuk-!-margin-bottom-0">{r.respondedAt}</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

import { Link } from "@remix-run/react";

/**
 * The link to change or complete an action from a meeting, on its own page: shown by the same predicates that guard
 * the changes (app/access/meeting-actions.ts), wherever the action is listed.
 */
export function ActionChangeLink({
  action,
}: {
  action: { id: string; meetingId: string; text: string; mayChange: boolean; mayComplete: boolean };
}) {
  if (!action.mayChange && !action.mayComplete) return null;
  return (
    <Link className="govuk-link" to={`/meetings/${action.meetingId}/actions/${action.id}`}>
      {action.mayChange ? "Change or complete" : "Complete"}
      <span className="govuk-visually-hidden"> the action: {action.text}</span>
    </Link>
  );
}

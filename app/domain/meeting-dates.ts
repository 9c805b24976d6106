import { formatDate } from "./dates";

/**
 * The date rules of a meeting's forms (issue 15). A meeting is arranged for today or later. A meeting that has
 * already taken place can be recorded only by saying so, and its date is then today or earlier. An action is due
 * on or after the day of the meeting that agreed it. Without these rules a meeting on 1 January 2020, and an
 * action due then, were accepted and shown as overdue the moment they were made. Dates are ISO days (yyyy-mm-dd)
 * in London.
 */
export function meetingDateProblem(date: string, today: string, alreadyHeld: boolean): string | null {
  if (alreadyHeld)
    return date > today ? "The date of a meeting that has already taken place must be today or in the past" : null;
  return date < today
    ? "The date of the meeting must be today or in the future. If you are recording a meeting that has already taken place, say so"
    : null;
}

export function actionDueProblem(due: string, meetingDay: string): string | null {
  return due < meetingDay
    ? `The due date must be on or after the day of the meeting, ${formatDate(`${meetingDay}T12:00:00Z`)}`
    : null;
}

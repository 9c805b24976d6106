/**
 * The "today" list on every home page (issue 16, item 4): one entry per thing the person should act on, each a
 * link to where they act. This module only orders and words entries; what goes in is read by
 * app/services/today.server.ts from the person's own work, through the gate.
 */

export type TodayTone = "red" | "yellow" | "blue" | "grey";

export type TodayEntry = {
  /** Stable and unique within the list (kind and id), for React keys and ids. */
  key: string;
  /** What to do, as the link text. */
  text: string;
  href: string;
  /** The case, the date and who, in a line. */
  hint: string;
  status: { text: string; tone: TodayTone };
  /** London date it is due or happens (YYYY-MM-DD), or null; the list puts the soonest first. */
  on: string | null;
};

const TONE_ORDER: Record<TodayTone, number> = { red: 0, yellow: 1, blue: 2, grey: 3 };

/** Overdue and urgent first, then soonest, then in the order given (entries without a date keep theirs). */
export function orderToday(entries: TodayEntry[]): TodayEntry[] {
  return entries
    .map((e, i) => ({ e, i }))
    .sort((a, b) => TONE_ORDER[a.e.status.tone] - TONE_ORDER[b.e.status.tone] || (a.e.on ?? "9999").localeCompare(b.e.on ?? "9999") || a.i - b.i)
    .map(({ e }) => e);
}

/** Whole days from London date `today` to `date` (negative when past). */
export function daysFrom(today: string, date: string): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

/** "Today", "Tomorrow", "In 5 days", "Overdue by 2 days": how near a date is, for a status tag. */
export function whenText(today: string, date: string, pastWord = "Overdue by"): string {
  const d = daysFrom(today, date);
  if (d === 0) return "Today";
  if (d === 1) return "Tomorrow";
  if (d > 1) return `In ${d} days`;
  return `${pastWord} ${-d === 1 ? "1 day" : `${-d} days`}`;
}

/** Red when past, yellow within two days, blue otherwise. */
export function toneFor(today: string, date: string): TodayTone {
  const d = daysFrom(today, date);
  return d < 0 ? "red" : d <= 2 ? "yellow" : "blue";
}

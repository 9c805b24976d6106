/**
 * The "today" list on every home page (issue 16, item 4): one entry per thing the person should act on, each a
 * link to where they act. This module only orders and words entries; what goes in is read by
 * app/services/today.server.ts from the person's own work, through the gate.
 */

export type TodayTone = "red" | "yellow" | "blue" | "grey";

/** A review of a risk assessment is listed from this many days before it is due (and every day after). */
export const REVIEWS_SOON_DAYS = 7;

/**
 * The list's groups, in the order the page shows them (a fixed order, so people find each kind of work in the same
 * place every day); within a group the most pressing come first. `more` is the full view of that kind of work.
 */
export const TODAY_GROUPS = [
  { id: "tasks", heading: "Tasks and actions" },
  {
    id: "sign_off",
    heading: "To countersign or sign off",
    more: { href: "/countersign", text: "Everything waiting for your countersignature or sign-off" },
  },
  {
    id: "charging",
    heading: "Charging deadlines",
    about: "Summary-only offences must be charged within six months of the latest incident in the course of conduct.",
  },
  {
    id: "spo",
    heading: "Stalking protection order consideration outstanding",
    about: "Cases your agency leads where no stalking protection order has been considered in time.",
  },
  {
    id: "reviews",
    heading: "Risk reviews due",
    about: `Reviews overdue or due in the next ${REVIEWS_SOON_DAYS} days.`,
  },
  { id: "victims", heading: "Victim updates due" },
  { id: "pre_sentence", heading: "Pre-sentence input" },
  { id: "meetings", heading: "Meetings", more: { href: "/meetings", text: "All meetings" } },
  {
    id: "referrals",
    heading: "Clinic referrals to triage",
    more: { href: "/clinic/referrals", text: "The triage queue" },
  },
  { id: "shared", heading: "Shared with you", more: { href: "/shared", text: "Everything shared with you" } },
] as const satisfies readonly { id: string; heading: string; about?: string; more?: { href: string; text: string } }[];

export type TodayGroupId = (typeof TODAY_GROUPS)[number]["id"];

export type TodayEntry = {
  /** Which heading it sits under. */
  group: TodayGroupId;
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
    .sort(
      (a, b) =>
        TONE_ORDER[a.e.status.tone] - TONE_ORDER[b.e.status.tone] ||
        (a.e.on ?? "9999").localeCompare(b.e.on ?? "9999") ||
        a.i - b.i,
    )
    .map(({ e }) => e);
}

export type TodayGroup = {
  id: TodayGroupId;
  heading: string;
  about?: string;
  more?: { href: string; text: string };
  entries: TodayEntry[];
};

/**
 * The list under its headings, each group ordered by orderToday. Groups with nothing in them are left out, except
 * those in `alwaysShown` (a supervisor's countersigning, so the way to the full list stays on the page).
 */
export function groupToday(entries: TodayEntry[], alwaysShown: readonly TodayGroupId[] = []): TodayGroup[] {
  const ordered = orderToday(entries);
  return TODAY_GROUPS.map((g) => ({ ...g, entries: ordered.filter((e) => e.group === g.id) })).filter(
    (g) => g.entries.length > 0 || alwaysShown.includes(g.id),
  );
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

/** The action tracker's "due" filter (issue 15): what each choice means is applied in SQL by the tracker service. */
export const DUE_FILTERS = {
  any: "Any time",
  overdue: "Overdue",
  week: "Due in the next 7 days",
  month: "Due in the next 28 days",
} as const;
export type DueFilter = keyof typeof DUE_FILTERS;

import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/*
 * The oversight figures kept summed (issue 8, decision 0019), so the dashboard reads a few thousand rows at
 * 100,000 cases instead of every case opened in the period and everything recorded on it.
 *
 * Each case's contribution to every figure (the grouped rows the dashboard's SQL makes, for that case alone) is
 * kept in oversight_case_rows, and summed per London day and per London month of the case being opened, per
 * lead agency, for all teams ('') and for each team on the case team. Triggers (in the migration) put the id of
 * any case whose figures may have changed in oversight_dirty_cases; app/services/oversight-sums.server.ts takes
 * those cases' old contributions out of the sums and puts the new ones in, before every read of the dashboard
 * and at each sweep, so the figures are always those of the data as it stands.
 *
 * Derived data only: no foreign keys (a row never blocks a change to what it was worked out from), rebuilt
 * from scratch by rebuildOversightSums(). `due_on` is the one date some figures compare with today (last day to
 * charge, review date, action due date), '' when there is none; `key` is the rest of the group as a JSON array.
 */

/** Cases whose figures must be worked out again (written by triggers on every table the figures read). */
export const oversightDirtyCases = sqliteTable("oversight_dirty_cases", {
  caseId: text("case_id").primaryKey(),
});

/** One case's rows for each figure: what it adds to the sums, kept so that it can be taken out again. */
export const oversightCaseRows = sqliteTable(
  "oversight_case_rows",
  {
    caseId: text("case_id").notNull(),
    metric: text("metric").notNull(),
    key: text("key").notNull(),
    dueOn: text("due_on").notNull(),
    // The London day the case was opened (yyyy-mm-dd) and its lead agency: where its rows are summed.
    day: text("day").notNull(),
    leadAgencyId: text("lead_agency_id").notNull(),
    n: integer("n").notNull(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.metric, t.key, t.dueOn] })],
);

/** The teams with a current member on each case, as summed (so a change of team takes out what was added). */
export const oversightCaseTeams = sqliteTable(
  "oversight_case_teams",
  {
    caseId: text("case_id").notNull(),
    teamId: text("team_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.teamId] })],
);

/** The sums per London day a case was opened on; team '' is every case. */
export const oversightDaily = sqliteTable(
  "oversight_daily",
  {
    teamId: text("team_id").notNull(),
    day: text("day").notNull(),
    leadAgencyId: text("lead_agency_id").notNull(),
    metric: text("metric").notNull(),
    key: text("key").notNull(),
    dueOn: text("due_on").notNull(),
    n: integer("n").notNull(),
  },
  // Rows summed down to 0 are deleted after each refresh, through the small partial index.
  (t) => [
    primaryKey({ columns: [t.teamId, t.day, t.leadAgencyId, t.metric, t.key, t.dueOn] }),
    index("oversight_daily_zero")
      .on(t.teamId)
      .where(sql`n = 0`),
  ],
);

/** The same sums per London month (yyyy-mm), for the whole months of a period. */
export const oversightMonthly = sqliteTable(
  "oversight_monthly",
  {
    teamId: text("team_id").notNull(),
    month: text("month").notNull(),
    leadAgencyId: text("lead_agency_id").notNull(),
    metric: text("metric").notNull(),
    key: text("key").notNull(),
    dueOn: text("due_on").notNull(),
    n: integer("n").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.teamId, t.month, t.leadAgencyId, t.metric, t.key, t.dueOn] }),
    index("oversight_monthly_zero")
      .on(t.teamId)
      .where(sql`n = 0`),
  ],
);

import type Database from "better-sqlite3";
import { londonDate } from "../domain/limitation-deadline";

/*
 * Keeps the oversight figures summed (db/schema/oversight-speed.ts, decision 0019). Triggers list the cases whose
 * figures may have changed; refreshOversightSums() works out those cases' rows again (the dashboard's grouped
 * SQL, for those cases alone and grouped by case as well) and moves the daily and monthly sums by the difference
 * from their old rows (for all teams, and for each team the case had and has). It runs before every read of the
 * dashboard, so the figures are those of the data as it stands, and at start-up and the 15-minute sweep, so a
 * reader seldom has much to catch up. Takes the connection rather than importing one: the large seed calls it too.
 */

type Sqlite = Database.Database;

/** Which figure a row belongs to: the fields of OversightInput (app/domain/oversight-metrics.ts). */
export const SUM_METRICS = [
  "cases",
  "offences",
  "spoCases",
  "spoDecisions",
  "referralCases",
  "firstAssessments",
  "reviews",
  "breaches",
  "clinicReferrals",
  "meetingActions",
  "mappaReferrals",
] as const;
export type SumMetric = (typeof SUM_METRICS)[number];

// Temporary tables (one connection's own): the cases being refreshed, and their rows and teams worked out anew.
const REFRESH = "temp.oversight_refresh";
const NEW_ROWS = "temp.oversight_new_rows";
const NEW_TEAMS = "temp.oversight_new_teams";
// Every detail row is counted only with its case (as the cohort needs) and, for records, only when not retracted.
const ofCase = `${REFRESH} r CROSS JOIN cases c ON c.id = r.case_id`;
const kept = (alias: string) =>
  `CROSS JOIN case_records rr_${alias} ON rr_${alias}.id = ${alias}.record_id AND rr_${alias}.retracted_at IS NULL`;
const SPO_TYPES = `('spo_interim', 'spo_full')`;

/**
 * Each figure's rows for the cases being refreshed (columns case_id, key, due_on, n), where key is the group as a JSON
 * array and due_on the date compared with today when the figures are read ('' for none). The same grouping as
 * the figures always had, per case.
 */
const CASE_ROWS: Record<SumMetric, string> = {
  cases: `SELECT c.id AS case_id, json_array(substr(c.created_at, 1, 7), c.status, c.relationship, c.flag_online) AS key, '' AS due_on, 1 AS n FROM ${ofCase}`,
  offences: `SELECT o.case_id AS case_id, json_array(o.offence_type, o.summary_only, o.status, o.outcome_code,
               CASE WHEN o.charged_on IS NOT NULL AND o.last_day_to_charge IS NOT NULL THEN CAST(julianday(o.last_day_to_charge) - julianday(o.charged_on) AS INTEGER) END) AS key,
             coalesce(o.last_day_to_charge, '') AS due_on, count(*) AS n
        FROM ${ofCase} CROSS JOIN offences o ON o.case_id = c.id ${kept("o")} GROUP BY 1, 2, 3`,
  // One row per case with any SPO activity. An order later varied, expired or discharged was granted first.
  spoCases: `SELECT x.case_id AS case_id, json_array(max(x.considered), max(x.applied), max(x.granted), max(x.refused), max(x.reasoned), max(x.breached)) AS key, '' AS due_on, 1 AS n FROM (
        SELECT s.case_id, 1 AS considered, 0 AS applied, 0 AS granted, 0 AS refused, 0 AS reasoned, 0 AS breached FROM ${ofCase} CROSS JOIN spo_considerations s ON s.case_id = c.id ${kept("s")}
        UNION ALL
        SELECT o.case_id, 0, 1, o.status IN ('granted', 'varied', 'expired', 'discharged'), o.status = 'refused', o.status = 'refused' AND trim(coalesce(o.refusal_reason, '')) <> '', 0
          FROM ${ofCase} CROSS JOIN protective_orders o ON o.case_id = c.id ${kept("o")} WHERE o.order_type IN ${SPO_TYPES}
        UNION ALL
        SELECT b.case_id, 0, 0, 0, 0, 0, 1
          FROM ${ofCase} CROSS JOIN breaches b ON b.case_id = c.id CROSS JOIN protective_orders o ON o.record_id = b.order_record_id ${kept("b")} WHERE o.order_type IN ${SPO_TYPES}
      ) x GROUP BY x.case_id`,
  spoDecisions: `SELECT s.case_id AS case_id, json_array(s.decision) AS key, '' AS due_on, count(*) AS n FROM ${ofCase} CROSS JOIN spo_considerations s ON s.case_id = c.id ${kept("s")} GROUP BY 1, 2`,
  referralCases: `SELECT sr.case_id AS case_id, json_array(max(sr.response = 'accepted'), max(sr.response = 'declined')) AS key, '' AS due_on, 1 AS n
        FROM ${ofCase} CROSS JOIN support_referrals sr ON sr.case_id = c.id ${kept("sr")} GROUP BY sr.case_id`,
  firstAssessments: `SELECT ra.case_id AS case_id, json_array(CAST(max(0, julianday(min(ra.signed_off_at)) - julianday(c.created_at)) AS INTEGER)) AS key, '' AS due_on, 1 AS n
        FROM ${ofCase} CROSS JOIN risk_assessments ra ON ra.case_id = c.id
       WHERE ra.signed_off_at IS NOT NULL AND ra.state IN ('signed_off', 'superseded') GROUP BY ra.case_id`,
  reviews: `SELECT ra.case_id AS case_id, json_array(ra.instrument) AS key, ra.review_due_on AS due_on, count(*) AS n FROM ${ofCase} CROSS JOIN risk_assessments ra ON ra.case_id = c.id
       WHERE c.status <> 'closed' AND ra.state = 'signed_off' AND ra.review_due_on IS NOT NULL GROUP BY 1, 2, 3`,
  breaches: `SELECT b.case_id AS case_id, json_array(b.police_action,
               CASE WHEN b.police_action_on IS NOT NULL THEN CAST(julianday(b.police_action_on) - julianday(substr(b.reported_at, 1, 10)) AS INTEGER) END) AS key, '' AS due_on, count(*) AS n
        FROM ${ofCase} CROSS JOIN breaches b ON b.case_id = c.id ${kept("b")} GROUP BY 1, 2`,
  clinicReferrals: `SELECT cr.case_id AS case_id, json_array(cr.status,
               EXISTS (SELECT 1 FROM meeting_items mi JOIN meetings m ON m.id = mi.meeting_id
                        WHERE mi.case_id = cr.case_id AND mi.source = 'clinic_referral' AND mi.source_id = cr.id AND m.status IN ('closed', 'finalised'))) AS key, '' AS due_on, count(*) AS n
        FROM ${ofCase} CROSS JOIN clinic_referrals cr ON cr.case_id = c.id GROUP BY 1, 2`,
  meetingActions: `SELECT a.case_id AS case_id, json_array(CASE WHEN m.kind LIKE 'mappa%' THEN 'mappa' ELSE 'clinic' END, a.status = 'done',
               (a.status = 'done' AND a.completed_at IS NOT NULL AND substr(a.completed_at, 1, 10) <= a.due_on)) AS key, a.due_on AS due_on, count(*) AS n
        FROM ${ofCase} CROSS JOIN meeting_actions a ON a.case_id = c.id CROSS JOIN meetings m ON m.id = a.meeting_id GROUP BY 1, 2, 3`,
  mappaReferrals: `SELECT mr.case_id AS case_id, json_array(mr.status, mr.level_requested, mr.level_decided) AS key, '' AS due_on, count(*) AS n
        FROM ${ofCase} CROSS JOIN mappa_referrals mr ON mr.case_id = c.id WHERE mr.status <> 'draft' GROUP BY 1, 2`,
};

/** The teams summed for a case: those of its current members (the dashboard's team filter). */
const CASE_TEAMS = `SELECT DISTINCT m.case_id, u.team_id FROM ${REFRESH} r CROSS JOIN case_members m ON m.case_id = r.case_id CROSS JOIN users u ON u.id = m.user_id
   WHERE m.removed_at IS NULL AND u.team_id IS NOT NULL`;

/**
 * What the refresh changes in the daily or monthly sums: the cases' new rows for all teams ('') and each of their
 * new teams, less their old rows for all teams and each of their old teams, netted, so that only the sums that
 * move are written (a change to one figure of a case writes a few rows, not every row of the case).
 */
const applyChange = (table: "oversight_daily" | "oversight_monthly") => {
  const [column, bucket] = table === "oversight_daily" ? ["day", "x.day"] : ["month", "substr(x.day, 1, 7)"];
  const teams = (rows: string) =>
    `(SELECT case_id, '' AS team_id FROM ${REFRESH} UNION ALL SELECT case_id, team_id FROM ${rows})`;
  return `INSERT INTO ${table} (team_id, ${column}, lead_agency_id, metric, key, due_on, n)
    SELECT team_id, bucket, lead_agency_id, metric, key, due_on, sum(n) FROM (
      SELECT t.team_id, ${bucket} AS bucket, x.lead_agency_id, x.metric, x.key, x.due_on, x.n
        FROM ${teams(NEW_TEAMS)} t CROSS JOIN ${NEW_ROWS} x ON x.case_id = t.case_id
      UNION ALL
      SELECT t.team_id, ${bucket}, x.lead_agency_id, x.metric, x.key, x.due_on, -x.n
        FROM ${teams(`oversight_case_teams WHERE case_id IN (SELECT case_id FROM ${REFRESH})`)} t CROSS JOIN oversight_case_rows x ON x.case_id = t.case_id
    ) WHERE true GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(n) <> 0
    ON CONFLICT (team_id, ${column}, lead_agency_id, metric, key, due_on) DO UPDATE SET n = n + excluded.n`;
};

/** The refresh's statements for a connection, after creating its temporary tables. */
function prepareStatements(sqlite: Sqlite) {
  sqlite.exec(
    `CREATE TEMP TABLE IF NOT EXISTS oversight_refresh (case_id TEXT PRIMARY KEY, day TEXT, lead_agency_id TEXT)`,
  );
  sqlite.exec(
    `CREATE TEMP TABLE IF NOT EXISTS oversight_new_rows (case_id TEXT NOT NULL, metric TEXT NOT NULL, key TEXT NOT NULL, due_on TEXT NOT NULL, day TEXT NOT NULL, lead_agency_id TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (case_id, metric, key, due_on))`,
  );
  sqlite.exec(
    `CREATE TEMP TABLE IF NOT EXISTS oversight_new_teams (case_id TEXT NOT NULL, team_id TEXT NOT NULL, PRIMARY KEY (case_id, team_id))`,
  );
  const inRefresh = `case_id IN (SELECT case_id FROM ${REFRESH})`;
  return {
    anyDirty: sqlite.prepare(`SELECT EXISTS (SELECT 1 FROM oversight_dirty_cases)`).pluck(),
    dirty: sqlite.prepare(
      `SELECT d.case_id AS id, c.created_at AS createdAt, c.lead_agency_id AS leadAgencyId FROM oversight_dirty_cases d LEFT JOIN cases c ON c.id = d.case_id`,
    ),
    allCases: sqlite.prepare(`SELECT id, created_at AS createdAt, lead_agency_id AS leadAgencyId FROM cases`),
    refreshCase: sqlite.prepare(`INSERT INTO ${REFRESH} (case_id, day, lead_agency_id) VALUES (?, ?, ?)`),
    newRows: SUM_METRICS.map((metric) =>
      sqlite.prepare(
        `INSERT INTO ${NEW_ROWS} (case_id, metric, key, due_on, day, lead_agency_id, n)
         SELECT x.case_id, '${metric}', x.key, x.due_on, r.day, r.lead_agency_id, x.n FROM (${CASE_ROWS[metric]}) x CROSS JOIN ${REFRESH} r ON r.case_id = x.case_id`,
      ),
    ),
    newTeams: sqlite.prepare(`INSERT INTO ${NEW_TEAMS} (case_id, team_id) ${CASE_TEAMS}`),
    changeDaily: sqlite.prepare(applyChange("oversight_daily")),
    changeMonthly: sqlite.prepare(applyChange("oversight_monthly")),
    // When every case is worked out, the months are the days added up: far fewer rows to sort.
    monthlyFromDaily: sqlite.prepare(
      `INSERT INTO oversight_monthly (team_id, month, lead_agency_id, metric, key, due_on, n)
       SELECT team_id, substr(day, 1, 7), lead_agency_id, metric, key, due_on, sum(n) FROM oversight_daily GROUP BY 1, 2, 3, 4, 5, 6`,
    ),
    dropZeros: [
      sqlite.prepare(`DELETE FROM oversight_daily WHERE n = 0`),
      sqlite.prepare(`DELETE FROM oversight_monthly WHERE n = 0`),
    ],
    replace: [
      sqlite.prepare(`DELETE FROM oversight_case_rows WHERE ${inRefresh}`),
      sqlite.prepare(`DELETE FROM oversight_case_teams WHERE ${inRefresh}`),
      sqlite.prepare(
        `INSERT INTO oversight_case_rows (case_id, metric, key, due_on, day, lead_agency_id, n) SELECT case_id, metric, key, due_on, day, lead_agency_id, n FROM ${NEW_ROWS}`,
      ),
      sqlite.prepare(`INSERT INTO oversight_case_teams (case_id, team_id) SELECT case_id, team_id FROM ${NEW_TEAMS}`),
      sqlite.prepare(`DELETE FROM oversight_dirty_cases WHERE ${inRefresh}`),
    ],
    clear: [REFRESH, NEW_ROWS, NEW_TEAMS].map((t) => sqlite.prepare(`DELETE FROM ${t}`)),
  };
}

const prepared = new WeakMap<
  Sqlite,
  { statements: ReturnType<typeof prepareStatements>; tablesThere: Database.Statement }
>();

/**
 * Prepared once per connection, so a dashboard read with nothing to refresh costs one small query; prepared again
 * if the temporary tables have gone (changing PRAGMA temp_store drops them, as the large seed does).
 */
function statementsFor(sqlite: Sqlite): ReturnType<typeof prepareStatements> {
  const cached = prepared.get(sqlite);
  if (cached && cached.tablesThere.pluck().get() === 3) return cached.statements;
  const statements = prepareStatements(sqlite);
  const tablesThere = sqlite.prepare(
    `SELECT count(*) FROM temp.sqlite_master WHERE type = 'table' AND name IN ('oversight_refresh', 'oversight_new_rows', 'oversight_new_teams')`,
  );
  prepared.set(sqlite, { statements, tablesThere });
  return statements;
}

/** The London day an instant falls on (as the dashboard's period counts days). */
function londonDayOf(instant: string): string {
  const date = new Date(instant);
  return Number.isNaN(date.getTime()) ? instant.slice(0, 10) : londonDate(date);
}

type CaseToRefresh = { id: string; createdAt: string | null; leadAgencyId: string | null };

/**
 * Works the listed cases out again and moves the sums by the difference (or, for every case at once into empty
 * sums, adds the months up from the days). Inside a transaction.
 */
function refreshCases(sqlite: Sqlite, cases: CaseToRefresh[], everyCase = false): void {
  const s = statementsFor(sqlite);
  for (const c of s.clear) c.run();
  for (const c of cases)
    s.refreshCase.run(c.id, c.createdAt === null ? null : londonDayOf(c.createdAt), c.leadAgencyId);
  for (const statement of s.newRows) statement.run();
  s.newTeams.run();
  s.changeDaily.run();
  if (everyCase) s.monthlyFromDaily.run();
  else s.changeMonthly.run();
  for (const statement of s.dropZeros) statement.run();
  for (const statement of s.replace) statement.run();
  for (const c of s.clear) c.run();
}

/**
 * Brings the sums up to date with every change since the last refresh (the cases the triggers listed). Returns
 * how many cases were worked out again. One immediate transaction: nobody writes meanwhile, so nothing is missed.
 */
export function refreshOversightSums(sqlite: Sqlite): number {
  const s = statementsFor(sqlite);
  if (!s.anyDirty.get()) return 0;
  return sqlite
    .transaction(() => {
      const dirty = s.dirty.all() as CaseToRefresh[];
      refreshCases(sqlite, dirty);
      return dirty.length;
    })
    .immediate();
}

/** Works every case out afresh (after a bulk load that set the triggers aside, or to check the sums). */
export function rebuildOversightSums(sqlite: Sqlite): number {
  const s = statementsFor(sqlite);
  return sqlite
    .transaction(() => {
      for (const table of [
        "oversight_case_rows",
        "oversight_case_teams",
        "oversight_daily",
        "oversight_monthly",
        "oversight_dirty_cases",
      ])
        sqlite.exec(`DELETE FROM ${table}`);
      const all = s.allCases.all() as CaseToRefresh[];
      refreshCases(sqlite, all, true);
      return all.length;
    })
    .immediate();
}

// A server process's periodic sweeps, alone: SWEEP=deadlines starts the real deadline sweep (startDeadlineAlerts,
// as runtime.startUp does); SWEEP=test starts a sweep every SWEEP_EVERY_MS that prints {"ran":"<time claimed>"}.
// Runs until killed. Environment: DATABASE_PATH, SWEEP, SWEEP_EVERY_MS, LOG_LEVEL (debug to see "sweep ran").
import { getDb } from "~/db.server";
import { startDeadlineAlerts } from "~/services/deadline-alerts.server";
import { PROCESS_HOLDER, startSweep } from "~/services/sweeps.server";

getDb();
if (process.env.SWEEP === "deadlines") startDeadlineAlerts();
else
  startSweep({ name: "test", everyMs: Number(process.env.SWEEP_EVERY_MS), firstAfterMs: 0 }, (claimedAt) => {
    process.stdout.write(`${JSON.stringify({ ran: claimedAt.toISOString(), holder: PROCESS_HOLDER })}\n`);
  });
process.stdout.write(`${JSON.stringify({ started: PROCESS_HOLDER })}\n`);
// The sweep's timers do not keep a process alive (unref); this does, as the HTTP server does in the real one.
setInterval(() => {}, 60_000);

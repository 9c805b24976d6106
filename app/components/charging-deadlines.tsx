import { DEADLINE_BAND_LABELS, type DeadlineBand } from "~/domain/limitation-deadline";

/** A last day to charge as the server worked it out (app/services/offences.server.ts). */
export type ChargingDeadlineView = {
  recordId: string;
  caseId: string;
  caseReference: string;
  offence: string;
  lastDayText: string;
  daysText: string;
  band: DeadlineBand;
};

const BAND_TAGS: Record<DeadlineBand, string> = {
  passed: "govuk-tag--red",
  within_7: "govuk-tag--red",
  within_14: "govuk-tag--orange",
  within_28: "govuk-tag--yellow",
  later: "govuk-tag--grey",
};

/** The case page's panel: "Last day to charge: 3 September 2026 (14 days)", one line per offence. */
export function ChargingDeadlinePanel({ deadlines }: { deadlines: ChargingDeadlineView[] }) {
  if (!deadlines.length) return null;
  return (
    <div className="govuk-inset-text" data-testid="charging-deadlines">
      {deadlines.map((d) => (
        <p className="govuk-body govuk-!-margin-bottom-1" key={d.recordId}>
          <strong>Last day to charge: {d.lastDayText}</strong> ({d.daysText})
          {deadlines.length > 1 ? `: ${d.offence}` : ""}
          {d.band !== "later" && d.band !== "passed" ? (
            <strong className={`govuk-tag ${BAND_TAGS[d.band]} app-tag-gap`}>{DEADLINE_BAND_LABELS[d.band]}</strong>
          ) : null}
        </p>
      ))}
    </div>
  );
}

import { Link } from "@remix-run/react";
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

const BANDS: DeadlineBand[] = ["passed", "within_7", "within_14", "within_28"];
const BAND_TAGS: Record<DeadlineBand, string> = { passed: "govuk-tag--red", within_7: "govuk-tag--red", within_14: "govuk-tag--orange", within_28: "govuk-tag--yellow", later: "govuk-tag--grey" };

/** The case page's panel: "Last day to charge: 3 September 2026 (14 days)", one line per offence. */
export function ChargingDeadlinePanel({ deadlines }: { deadlines: ChargingDeadlineView[] }) {
  if (!deadlines.length) return null;
  return (
    <div className="govuk-inset-text" data-testid="charging-deadlines">
      {deadlines.map((d) => (
        <p className="govuk-body govuk-!-margin-bottom-1" key={d.recordId}>
          <strong>Last day to charge: {d.lastDayText}</strong> ({d.daysText}){deadlines.length > 1 ? `: ${d.offence}` : ""}
          {d.band !== "later" && d.band !== "passed" ? <strong className={`govuk-tag ${BAND_TAGS[d.band]} app-tag-gap`}>{DEADLINE_BAND_LABELS[d.band]}</strong> : null}
        </p>
      ))}
    </div>
  );
}

/** The home page's "Charging deadlines": summary-only offences not charged, by how soon the time limit ends. */
export function ChargingDeadlinesSection({ deadlines }: { deadlines: ChargingDeadlineView[] }) {
  if (!deadlines.length) return null;
  return (
    <section aria-labelledby="charging-deadlines-title" data-testid="home-charging-deadlines">
      <h2 className="govuk-heading-m" id="charging-deadlines-title">
        Charging deadlines
      </h2>
      <p className="govuk-body">Summary-only offences must be charged within six months of the latest incident in the course of conduct.</p>
      {BANDS.map((band) => {
        const rows = deadlines.filter((d) => d.band === band);
        if (!rows.length) return null;
        return (
          <table className="govuk-table" key={band} data-testid={`deadlines-${band}`}>
            <caption className="govuk-table__caption govuk-table__caption--s">{DEADLINE_BAND_LABELS[band]}</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Case</th>
                <th scope="col" className="govuk-table__header">Offence</th>
                <th scope="col" className="govuk-table__header">Last day to charge</th>
                <th scope="col" className="govuk-table__header">Time left</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {rows.map((d) => (
                <tr className="govuk-table__row" key={d.recordId}>
                  <td className="govuk-table__cell">
                    <Link className="govuk-link" to={`/cases/${d.caseId}/offences`}>
                      {d.caseReference}
                    </Link>
                  </td>
                  <td className="govuk-table__cell">{d.offence}</td>
                  <td className="govuk-table__cell">{d.lastDayText}</td>
                  <td className="govuk-table__cell">
                    <strong className={`govuk-tag ${BAND_TAGS[d.band]}`}>{d.daysText}</strong>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        );
      })}
    </section>
  );
}

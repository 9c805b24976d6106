import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { CaseHeader, type CaseHeaderData } from "./case-header";
import { ErrorSummary } from "./forms";
import { isoToParts, type DateParts } from "~/forms/date-field";

type Values = Record<string, string | string[] | undefined>;

/**
 * What a victim care form shows: what was just submitted (after an error), else the item as it stands. After a
 * refused stale save the item is the newer version, so the form starts again from it.
 */
export function formValuesFor(result: { values: Values; stale?: boolean } | undefined, initial: Values) {
  const values = result && !result.stale ? result.values : initial;
  const text = (name: string): string | undefined => {
    const x = values[name];
    return typeof x === "string" ? x : Array.isArray(x) ? x[0] : undefined;
  };
  return {
    text,
    list: (name: string): string[] => {
      const x = values[name];
      return Array.isArray(x) ? x : x ? [x] : [];
    },
    date: (name: string): Partial<DateParts> => ({
      day: text(`${name}-day`),
      month: text(`${name}-month`),
      year: text(`${name}-year`),
    }),
  };
}

/** Form values for a GOV.UK date input from an ISO date. */
export function dateValues(name: string, iso: string | null | undefined): Values {
  if (!iso) return {};
  const p = isoToParts(iso);
  return { [`${name}-day`]: p.day, [`${name}-month`]: p.month, [`${name}-year`]: p.year };
}

/** The frame of every victim care form: errors first, the case header, the form, and the way back. */
export function VictimCareFormPage({
  c,
  title,
  errors,
  fieldOrder,
  intro,
  children,
}: {
  c: CaseHeaderData;
  title: string;
  errors?: Record<string, string>;
  fieldOrder: string[];
  intro?: ReactNode;
  children: ReactNode;
}) {
  return (
    <>
      <ErrorSummary errors={errors} fieldOrder={["form", ...fieldOrder]} />
      <CaseHeader c={c} title={title} />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {intro}
          {children}
          <p className="govuk-body">
            <Link className="govuk-link" to={`/cases/${c.id}/victim-care`}>
              Back to victim care
            </Link>
          </p>
        </div>
      </div>
    </>
  );
}

/** A row of a GOV.UK summary list; an empty value reads "Not recorded", never blank. */
export function Row({ label, children }: { label: string; children: ReactNode }) {
  const empty =
    children === null ||
    children === undefined ||
    children === "" ||
    (Array.isArray(children) && children.length === 0);
  return (
    <div className="govuk-summary-list__row">
      <dt className="govuk-summary-list__key">{label}</dt>
      <dd className="govuk-summary-list__value">
        {empty ? <span className="app-secondary-text">Not recorded</span> : children}
      </dd>
    </div>
  );
}

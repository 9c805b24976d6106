import type { ReactNode } from "react";

/** One row of a GOV.UK summary list: the key and its value (`valueClassName` adds to the value's classes). */
export function SummaryRow({
  label,
  children,
  valueClassName,
}: {
  label: string;
  children: ReactNode;
  valueClassName?: string;
}) {
  return (
    <div className="govuk-summary-list__row">
      <dt className="govuk-summary-list__key">{label}</dt>
      <dd className={valueClassName ? `govuk-summary-list__value ${valueClassName}` : "govuk-summary-list__value"}>
        {children}
      </dd>
    </div>
  );
}

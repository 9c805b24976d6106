import { HintAndError } from "./forms";
import type { DateParts } from "~/forms/date-field";

/**
 * GOV.UK date input: day, month and year in one fieldset. Fields are named `<name>-day`, `<name>-month` and
 * `<name>-year` (gathered by `withDateParts` in app/forms/date-field.ts); the day field's id is `name`, so an
 * error summary link to `#<name>` lands on it.
 */
export function DateInput(p: {
  name: string;
  legend: string;
  hint?: string;
  error?: string;
  value?: Partial<DateParts>;
  legendSize?: "l" | "m" | "s";
}) {
  const hintId = p.hint ? `${p.name}-hint` : undefined;
  const errorId = p.error ? `${p.name}-error` : undefined;
  const parts = [
    { key: "day", label: "Day", id: p.name, width: 2 },
    { key: "month", label: "Month", id: `${p.name}-month`, width: 2 },
    { key: "year", label: "Year", id: `${p.name}-year`, width: 4 },
  ] as const;
  return (
    <div className={`govuk-form-group${p.error ? " govuk-form-group--error" : ""}`}>
      <fieldset
        className="govuk-fieldset"
        role="group"
        aria-describedby={[hintId, errorId].filter(Boolean).join(" ") || undefined}
      >
        <legend className={`govuk-fieldset__legend govuk-fieldset__legend--${p.legendSize ?? "m"}`}>{p.legend}</legend>
        <HintAndError hintId={hintId} hint={p.hint} errorId={errorId} error={p.error} />
        <div className="govuk-date-input">
          {parts.map((part) => (
            <div className="govuk-date-input__item" key={part.key}>
              <div className="govuk-form-group">
                <label className="govuk-label govuk-date-input__label" htmlFor={part.id}>
                  {part.label}
                </label>
                <input
                  className={`govuk-input govuk-date-input__input govuk-input--width-${part.width}${p.error ? " govuk-input--error" : ""}`}
                  id={part.id}
                  name={`${p.name}-${part.key}`}
                  type="text"
                  inputMode="numeric"
                  defaultValue={p.value?.[part.key]}
                />
              </div>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

/** The search box of a GET search form (name "q"): label, hint, error message and input, GOV.UK style. */
export function SearchField({
  label,
  hint,
  error,
  defaultValue,
}: {
  label: string;
  hint: string;
  error?: string;
  defaultValue: string;
}) {
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <label className="govuk-label govuk-label--m" htmlFor="q">
        {label}
      </label>
      <div id="q-hint" className="govuk-hint">
        {hint}
      </div>
      {error ? (
        <p id="q-error" className="govuk-error-message">
          <span className="govuk-visually-hidden">Error:</span> {error}
        </p>
      ) : null}
      <input
        className={`govuk-input govuk-!-width-two-thirds${error ? " govuk-input--error" : ""}`}
        id="q"
        name="q"
        type="search"
        defaultValue={defaultValue}
        spellCheck={false}
        autoComplete="off"
        aria-describedby={error ? "q-hint q-error" : "q-hint"}
      />
    </div>
  );
}

import { Form } from "@remix-run/react";

/**
 * The data protection lead's search for the person a request is from (subject access, rectification and the like):
 * a GET form on `q`, by name or identifier, with its GOV.UK error.
 */
export function SubjectFinder({ q, error }: { q: string; error?: string }) {
  return (
    <Form method="get" role="search" aria-label="Find the person" noValidate>
      <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
        <label className="govuk-label govuk-label--m" htmlFor="q">
          The person&apos;s name or an identifier
        </label>
        <div id="q-hint" className="govuk-hint">
          A name, or a PNC, nDelius or NHS number. Check their identity against what they sent you.
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
          defaultValue={q}
          aria-describedby={error ? "q-hint q-error" : "q-hint"}
        />
      </div>
      <button type="submit" className="govuk-button govuk-button--secondary">
        Find the person
      </button>
    </Form>
  );
}

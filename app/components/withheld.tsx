import type { Withheld } from "~/access/redact";

/** How a withheld value looks everywhere: who holds it and how to ask, never a blank that reads as "none". */
export function WithheldValue({ value, requestHref }: { value: Withheld; requestHref?: string }) {
  return (
    <span className="app-withheld" data-testid="withheld">
      Held by {value.heldBy}
      {requestHref ? (
        <>
          :{" "}
          <a className="govuk-link" href={requestHref}>
            request access
          </a>
        </>
      ) : null}
    </span>
  );
}

import type { ReactNode } from "react";

/**
 * THE success message: the GOV.UK success notification banner, shown after a change was saved (pages pass `?done=` to
 * choose the text, or show an action's result). Every page uses this one; `children` adds a line under the heading.
 */
export function SuccessBanner({ text, children }: { text: string | null | undefined; children?: ReactNode }) {
  if (!text) return null;
  return (
    <div
      className="govuk-notification-banner govuk-notification-banner--success"
      role="alert"
      aria-labelledby="success-title"
      data-module="govuk-notification-banner"
      data-testid="success-banner"
    >
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id="success-title">
          Success
        </h2>
      </div>
      <div className="govuk-notification-banner__content">
        <p className="govuk-notification-banner__heading">{text}</p>
        {children}
      </div>
    </div>
  );
}

/** The banner text for a `?done=` value, or null for anything unexpected (never echoed back). */
export function doneText<T extends Record<string, string>>(request: Request, texts: T): string | null {
  const done = new URL(request.url).searchParams.get("done");
  return done && Object.hasOwn(texts, done) ? texts[done]! : null;
}

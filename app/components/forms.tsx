import { Form, useRouteLoaderData, type FormProps } from "@remix-run/react";
import { forwardRef, Fragment, useEffect, useRef, useState, type ReactNode } from "react";
import type { RootData } from "~/root-data";

/** A form that always carries the CSRF token; every form in Concord uses it. */
export const AppForm = forwardRef<HTMLFormElement, FormProps & { children: ReactNode }>(function AppForm(
  { children, ...props },
  ref,
) {
  const data = useRouteLoaderData<RootData>("root");
  return (
    <Form noValidate {...props} ref={ref}>
      <input type="hidden" name="csrf" value={data?.csrfToken ?? ""} />
      {children}
    </Form>
  );
});

/** GOV.UK error summary: focused when shown, each message links to its field. */
export function ErrorSummary({
  errors,
  fieldOrder,
}: {
  errors: Record<string, string> | undefined;
  fieldOrder?: string[];
}) {
  const ref = useRef<HTMLDivElement>(null);
  const entries = errors ? Object.entries(errors) : [];
  useEffect(() => {
    if (!entries.length) return;
    ref.current?.focus();
    // GOV.UK puts "Error: " first in the title. meta() only sees loader data, not the action's errors, so it is added here.
    if (document.title.startsWith("Error: ")) return;
    document.title = `Error: ${document.title}`;
    return () => {
      if (document.title.startsWith("Error: ")) document.title = document.title.slice("Error: ".length);
    };
  });
  if (!entries.length) return null;
  const ordered = fieldOrder ? entries.sort(([a], [b]) => orderOf(fieldOrder, a) - orderOf(fieldOrder, b)) : entries;
  return (
    <div className="govuk-error-summary" ref={ref} tabIndex={-1} data-testid="error-summary">
      <div role="alert">
        <h2 className="govuk-error-summary__title">There is a problem</h2>
        <div className="govuk-error-summary__body">
          <ul className="govuk-list govuk-error-summary__list">
            {ordered.map(([field, message]) => (
              <li key={field}>{field === "form" ? <span>{message}</span> : <a href={`#${field}`}>{message}</a>}</li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}

function orderOf(order: string[], field: string): number {
  const i = order.indexOf(field);
  return i === -1 ? order.length : i;
}

type TextInputProps = {
  name: string;
  label: string;
  hint?: string;
  error?: string;
  type?: "text" | "email" | "password" | "tel";
  autoComplete?: string;
  defaultValue?: string;
  inputMode?: "numeric" | "text";
  width?: "10" | "20" | "30" | "full";
  labelSize?: "l" | "m" | "s";
  isPageHeading?: boolean;
  maxLength?: number;
  spellCheck?: boolean;
};

export function TextInput(p: TextInputProps) {
  const hintId = p.hint ? `${p.name}-hint` : undefined;
  const errorId = p.error ? `${p.name}-error` : undefined;
  const label = (
    <label className={`govuk-label${p.labelSize ? ` govuk-label--${p.labelSize}` : ""}`} htmlFor={p.name}>
      {p.label}
    </label>
  );
  return (
    <div className={`govuk-form-group${p.error ? " govuk-form-group--error" : ""}`}>
      {p.isPageHeading ? <h1 className="govuk-label-wrapper">{label}</h1> : label}
      <HintAndError hintId={hintId} hint={p.hint} errorId={errorId} error={p.error} />
      <input
        className={`govuk-input${p.width && p.width !== "full" ? ` govuk-input--width-${p.width}` : ""}${p.error ? " govuk-input--error" : ""}`}
        id={p.name}
        name={p.name}
        type={p.type ?? "text"}
        autoComplete={p.autoComplete}
        defaultValue={p.defaultValue}
        inputMode={p.inputMode}
        spellCheck={p.spellCheck}
        aria-describedby={[hintId, errorId].filter(Boolean).join(" ") || undefined}
      />
    </div>
  );
}

/** `conditional` is shown under a radio only while it is chosen (GOV.UK conditional reveal; always shown without JavaScript). */
type Choice = { value: string; text: string; hint?: string; conditional?: ReactNode };

/** `conditional` is shown under a checkbox only while it is ticked (as for Radios; always shown without JavaScript). */
export function Checkboxes(p: {
  name: string;
  legend: string;
  hint?: string;
  error?: string;
  items: Choice[];
  values?: string[];
  legendSize?: "m" | "s";
}) {
  const hintId = p.hint ? `${p.name}-hint` : undefined;
  const errorId = p.error ? `${p.name}-error` : undefined;
  const [ticked, setTicked] = useState(() => new Set(p.values ?? []));
  return (
    <div className={`govuk-form-group${p.error ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" aria-describedby={[hintId, errorId].filter(Boolean).join(" ") || undefined}>
        <legend className={`govuk-fieldset__legend govuk-fieldset__legend--${p.legendSize ?? "m"}`}>{p.legend}</legend>
        <HintAndError hintId={hintId} hint={p.hint} errorId={errorId} error={p.error} />
        <div
          className="govuk-checkboxes govuk-checkboxes--small"
          data-module="govuk-checkboxes"
          onChange={(e) => {
            const input = e.target as HTMLInputElement;
            if (input.name !== p.name) return;
            setTicked((old) => {
              const next = new Set(old);
              if (input.checked) next.add(input.value);
              else next.delete(input.value);
              return next;
            });
          }}
        >
          {p.items.map((item, i) => {
            const id = i === 0 ? p.name : `${p.name}-${i + 1}`;
            return (
              <Fragment key={item.value}>
                <div className="govuk-checkboxes__item">
                  <input
                    className="govuk-checkboxes__input"
                    id={id}
                    name={p.name}
                    type="checkbox"
                    value={item.value}
                    defaultChecked={p.values?.includes(item.value)}
                  />
                  <label className="govuk-label govuk-checkboxes__label" htmlFor={id}>
                    {item.text}
                  </label>
                </div>
                {item.conditional ? (
                  <div
                    className={`govuk-checkboxes__conditional${ticked.has(item.value) ? "" : " govuk-checkboxes__conditional--hidden"}`}
                    id={`conditional-${id}`}
                  >
                    {item.conditional}
                  </div>
                ) : null}
              </Fragment>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

/** `id` (default: the name) starts the element ids, for pages with several forms using the same field name. */
export function Radios(p: {
  name: string;
  id?: string;
  legend: string;
  hint?: string;
  error?: string;
  items: Choice[];
  value?: string;
  inline?: boolean;
  legendSize?: "m" | "s";
}) {
  const base = p.id ?? p.name;
  const hintId = p.hint ? `${base}-hint` : undefined;
  const errorId = p.error ? `${base}-error` : undefined;
  // React shows and hides conditional reveals from the chosen radio (GOV.UK Frontend's script runs once per
  // document, so it misses pages reached by client-side navigation). No data-aria-controls: with it, GOV.UK
  // Frontend adds aria-expanded to the radio, which ARIA does not allow on a radio (axe: aria-allowed-attr).
  const [chosen, setChosen] = useState(p.value);
  return (
    <div className={`govuk-form-group${p.error ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" aria-describedby={[hintId, errorId].filter(Boolean).join(" ") || undefined}>
        <legend className={`govuk-fieldset__legend govuk-fieldset__legend--${p.legendSize ?? "m"}`}>{p.legend}</legend>
        <HintAndError hintId={hintId} hint={p.hint} errorId={errorId} error={p.error} />
        <div
          className={`govuk-radios${p.inline ? " govuk-radios--inline" : ""}`}
          data-module="govuk-radios"
          onChange={(e) => {
            const input = e.target as HTMLInputElement;
            if (input.name === p.name) setChosen(input.value);
          }}
        >
          {p.items.map((item, i) => {
            const id = i === 0 ? base : `${base}-${i + 1}`;
            const conditionalId = item.conditional ? `conditional-${id}` : undefined;
            return (
              <Fragment key={item.value}>
                <div className="govuk-radios__item">
                  <input
                    className="govuk-radios__input"
                    id={id}
                    name={p.name}
                    type="radio"
                    value={item.value}
                    defaultChecked={p.value === item.value}
                    aria-describedby={item.hint ? `${id}-item-hint` : undefined}
                  />
                  <label className="govuk-label govuk-radios__label" htmlFor={id}>
                    {item.text}
                  </label>
                  {item.hint ? (
                    <div id={`${id}-item-hint`} className="govuk-hint govuk-radios__hint">
                      {item.hint}
                    </div>
                  ) : null}
                </div>
                {item.conditional ? (
                  <div
                    className={`govuk-radios__conditional${chosen === item.value ? "" : " govuk-radios__conditional--hidden"}`}
                    id={conditionalId}
                  >
                    {item.conditional}
                  </div>
                ) : null}
              </Fragment>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

/** GOV.UK textarea. `id` (default: the name) is for pages with several forms using the same field name. */
export function TextArea(p: {
  name: string;
  id?: string;
  label: string;
  hint?: string;
  error?: string;
  defaultValue?: string;
  rows?: number;
  labelSize?: "l" | "m" | "s";
}) {
  const base = p.id ?? p.name;
  const hintId = p.hint ? `${base}-hint` : undefined;
  const errorId = p.error ? `${base}-error` : undefined;
  return (
    <div className={`govuk-form-group${p.error ? " govuk-form-group--error" : ""}`}>
      <label className={`govuk-label${p.labelSize ? ` govuk-label--${p.labelSize}` : ""}`} htmlFor={base}>
        {p.label}
      </label>
      <HintAndError hintId={hintId} hint={p.hint} errorId={errorId} error={p.error} />
      <textarea
        className={`govuk-textarea${p.error ? " govuk-textarea--error" : ""}`}
        id={base}
        name={p.name}
        rows={p.rows ?? 5}
        defaultValue={p.defaultValue}
        aria-describedby={[hintId, errorId].filter(Boolean).join(" ") || undefined}
      />
    </div>
  );
}

/** `id` (default: the name) for pages with several forms using the same field name. */
export function Select(p: {
  name: string;
  id?: string;
  label: string;
  error?: string;
  items: Choice[];
  value?: string;
  emptyText?: string;
}) {
  const id = p.id ?? p.name;
  const errorId = p.error ? `${id}-error` : undefined;
  return (
    <div className={`govuk-form-group${p.error ? " govuk-form-group--error" : ""}`}>
      <label className="govuk-label" htmlFor={id}>
        {p.label}
      </label>
      {p.error ? (
        <p id={errorId} className="govuk-error-message">
          <span className="govuk-visually-hidden">Error:</span> {p.error}
        </p>
      ) : null}
      <select
        className={`govuk-select${p.error ? " govuk-select--error" : ""}`}
        id={id}
        name={p.name}
        defaultValue={p.value ?? ""}
        aria-describedby={errorId}
      >
        {p.emptyText !== undefined ? <option value="">{p.emptyText}</option> : null}
        {p.items.map((item) => (
          <option key={item.value} value={item.value}>
            {item.text}
          </option>
        ))}
      </select>
    </div>
  );
}

export function Button({
  children,
  secondary,
  warning,
  name,
  value,
}: {
  children: ReactNode;
  secondary?: boolean;
  warning?: boolean;
  name?: string;
  value?: string;
}) {
  const variant = secondary ? " govuk-button--secondary" : warning ? " govuk-button--warning" : "";
  return (
    <button type="submit" className={`govuk-button${variant}`} data-module="govuk-button" name={name} value={value}>
      {children}
    </button>
  );
}

/** The GOV.UK hint and error message above a field, with the ids its input refers to in aria-describedby. */
export function HintAndError({
  hintId,
  hint,
  errorId,
  error,
}: {
  hintId?: string;
  hint?: ReactNode;
  errorId?: string;
  error?: string;
}) {
  return (
    <>
      {hint ? (
        <div id={hintId} className="govuk-hint">
          {hint}
        </div>
      ) : null}
      {error ? (
        <p id={errorId} className="govuk-error-message">
          <span className="govuk-visually-hidden">Error:</span> {error}
        </p>
      ) : null}
    </>
  );
}

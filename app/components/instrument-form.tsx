import { useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import type { InstrumentView } from "~/services/risk-assessment-views.server";
import type { Answer, Answers, InstrumentItem } from "~/instruments/types";
import { AppForm, Button, Checkboxes, Radios, TextArea } from "./forms";

const YES_NO = [
  { value: "yes", text: "Yes" },
  { value: "no", text: "No" },
  { value: "not_known", text: "Not known" },
];

type Values = Record<string, string | string[]>;

/** The value to show for a field: what was just submitted (after an error), else the saved answer. */
function shown(
  values: Values | undefined,
  answers: Answers,
  name: string,
  itemId: string,
  facet?: string,
): string | string[] | undefined {
  if (values) return values[name];
  const a: Answer | undefined = answers[itemId];
  if (a === undefined) return undefined;
  if (facet) return typeof a === "object" && !Array.isArray(a) ? (a as Record<string, string>)[facet] : undefined;
  return a as string | string[];
}

function ItemField({
  item,
  answers,
  values,
  errors,
  licensed,
}: {
  item: InstrumentItem;
  answers: Answers;
  values?: Values;
  errors?: Record<string, string>;
  licensed?: string;
}) {
  const name = `item.${item.id}`;
  const hint = licensed ? `${item.help} ${licensed}` : item.help;
  const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : undefined);
  const r = item.response;
  switch (r.kind) {
    case "yes_no":
      return (
        <Radios
          name={name}
          legend={item.shortName}
          legendSize="s"
          hint={hint}
          inline
          value={one(shown(values, answers, name, item.id))}
          error={errors?.[name]}
          items={YES_NO}
        />
      );
    case "choice":
      return (
        <Radios
          name={name}
          legend={item.shortName}
          legendSize="s"
          hint={hint}
          value={one(shown(values, answers, name, item.id))}
          error={errors?.[name]}
          items={r.options.map((o) => ({ value: o.value, text: o.label }))}
        />
      );
    case "multi": {
      const v = shown(values, answers, name, item.id);
      return (
        <Checkboxes
          name={name}
          legend={item.shortName}
          hint={hint}
          values={Array.isArray(v) ? v : v ? [v] : []}
          error={errors?.[name]}
          items={r.options.map((o) => ({ value: o.value, text: o.label }))}
        />
      );
    }
    case "text":
      return (
        <TextArea
          name={name}
          label={item.shortName}
          labelSize="s"
          hint={`${hint} Up to ${r.maxLength.toLocaleString("en-GB")} characters.`}
          defaultValue={one(shown(values, answers, name, item.id))}
          error={errors?.[name]}
          rows={4}
        />
      );
    case "factor":
      return (
        <div className="govuk-form-group app-factor" data-testid="factor">
          <fieldset className="govuk-fieldset" aria-describedby={`${name}-hint`}>
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{item.shortName}</legend>
            <div className="govuk-hint" id={`${name}-hint`}>
              {hint}
            </div>
            {r.facets.map((f) => {
              const facetName = `${name}.${f.id}`;
              return (
                <Radios
                  key={f.id}
                  name={facetName}
                  legend={f.label}
                  legendSize="s"
                  inline
                  value={one(shown(values, answers, facetName, item.id, f.id))}
                  error={errors?.[facetName]}
                  items={f.scale.map((o) => ({ value: o.value, text: o.label }))}
                />
              );
            })}
          </fieldset>
        </div>
      );
  }
}

/**
 * An instrument as a GOV.UK form. Without JavaScript it is an ordinary form with "Save draft" and "Submit for
 * countersigning"; with JavaScript the draft is also saved a few seconds after each change.
 */
export function InstrumentForm({
  instrument,
  answers,
  values,
  errors,
  savedAt,
}: {
  instrument: InstrumentView;
  answers: Answers;
  values?: Values;
  errors?: Record<string, string>;
  savedAt: string;
}) {
  const fetcher = useFetcher<{ savedAt?: string }>();
  const formRef = useRef<HTMLFormElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const [lastSaved, setLastSaved] = useState<string | null>(null);
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.savedAt) setLastSaved(fetcher.data.savedAt);
  }, [fetcher.state, fetcher.data]);
  useEffect(() => () => clearTimeout(timer.current), []);
  const scheduleSave = () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      if (!formRef.current) return;
      const data = new FormData(formRef.current);
      data.set("intent", "autosave");
      fetcher.submit(data, { method: "post" });
    }, 2000);
  };
  return (
    // Sending the form cancels a pending autosave: one fired after "Submit" would find the draft already submitted.
    <AppForm
      method="post"
      ref={formRef}
      onChange={scheduleSave}
      onSubmit={() => clearTimeout(timer.current)}
      data-testid="instrument-form"
    >
      <input type="hidden" name="instrument" value={instrument.code} />
      <input type="hidden" name="instrumentVersion" value={instrument.version} />
      {instrument.sections.map((section) => (
        <section key={section.id} className="app-instrument-section">
          <h2 className="govuk-heading-m">{section.title}</h2>
          {section.help ? <p className="govuk-body">{section.help}</p> : null}
          {section.items.map((item) => (
            <ItemField
              key={item.id}
              item={item}
              answers={answers}
              values={values}
              errors={errors}
              licensed={instrument.licensedText[item.id]}
            />
          ))}
        </section>
      ))}
      <p className="govuk-body-s" aria-live="polite" data-testid="autosave-status">
        {fetcher.state !== "idle"
          ? "Saving draft…"
          : lastSaved
            ? `Draft saved at ${new Date(lastSaved).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: "Europe/London" })}`
            : `Last saved ${new Date(savedAt).toLocaleString("en-GB", { dateStyle: "long", timeStyle: "short", timeZone: "Europe/London" })}`}
      </p>
      <div className="govuk-button-group">
        <Button name="intent" value="save" secondary>
          Save draft
        </Button>
        <Button name="intent" value="submit">
          Submit for countersigning
        </Button>
      </div>
    </AppForm>
  );
}

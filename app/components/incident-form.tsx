import {
  BEHAVIOUR_LABELS,
  BEHAVIOURS,
  FOUR_INDICATORS,
  FOUR_LABELS,
  INCIDENT_SOURCE_LABELS,
  INCIDENT_SOURCES,
} from "~/domain/behaviours";
import { DateInput } from "./date-input";
import { AppForm, Button, Checkboxes, Radios, TextArea, TextInput } from "./forms";

type Choice = { value: string; text: string };

export const INCIDENT_FIELD_ORDER = [
  "occurred",
  "time",
  "behaviours",
  "four",
  "source",
  "crimeReference",
  "offences",
  "description",
  "caveats",
];
export const BEHAVIOUR_CHOICES: Choice[] = BEHAVIOURS.map((b) => ({ value: b, text: BEHAVIOUR_LABELS[b] }));
const FOUR_CHOICES: Choice[] = FOUR_INDICATORS.map((f) => ({ value: f, text: FOUR_LABELS[f] }));
const SOURCE_CHOICES: Choice[] = INCIDENT_SOURCES.map((s) => ({ value: s, text: INCIDENT_SOURCE_LABELS[s] }));
type Values = Record<string, string | string[] | undefined>;

const str = (v: string | string[] | undefined) => (typeof v === "string" ? v : undefined);
const arr = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);

/**
 * The fields of an incident, for recording one and for changing it. Caveats are chosen when it is recorded
 * (`caveatChoices`); on an edit they are shown as they stand (`caveatsShown`). `offenceChoices` are the case's
 * offences the user may read: with none, the question is not asked at all.
 */
export function IncidentForm(p: {
  values: Values;
  errors?: Record<string, string>;
  caveatChoices?: Choice[];
  caveatsShown?: string[];
  offenceChoices?: Choice[];
  submitText: string;
}) {
  const { values: v, errors } = p;
  return (
    <AppForm method="post">
      <DateInput
        name="occurred"
        legend="When did it happen?"
        hint="For example, 27 3 2026. Use the date in the UK."
        error={errors?.occurred}
        value={{
          day: str(v["occurred-day"]) ?? "",
          month: str(v["occurred-month"]) ?? "",
          year: str(v["occurred-year"]) ?? "",
        }}
      />
      <TextInput
        name="time"
        label="Time"
        hint="For example, 14:30 or 2:30pm. If the exact time is not known, give your best estimate."
        width="10"
        defaultValue={str(v.time)}
        error={errors?.time}
      />
      <Checkboxes
        name="behaviours"
        legend="What happened?"
        hint="Select all that apply."
        values={arr(v.behaviours)}
        error={errors?.behaviours}
        items={BEHAVIOUR_CHOICES}
      />
      <Checkboxes
        name="four"
        legend="FOUR indicators"
        hint="Fixated, obsessive, unwanted, repeated: select any the incident shows."
        values={arr(v.four)}
        error={errors?.four}
        items={FOUR_CHOICES}
      />
      <Radios
        name="source"
        legend="Who reported it?"
        value={str(v.source)}
        error={errors?.source}
        items={SOURCE_CHOICES}
      />
      <TextInput
        name="crimeReference"
        label="Crime reference (optional)"
        hint="The crime report this incident was recorded under, if any."
        width="20"
        defaultValue={str(v.crimeReference)}
        error={errors?.crimeReference}
        spellCheck={false}
      />
      {p.offenceChoices?.length ? (
        <Checkboxes
          name="offences"
          legend="Offences this incident is part of"
          hint="Select any offences on this case that this incident is evidence of."
          values={arr(v.offences)}
          error={errors?.offences}
          items={p.offenceChoices}
        />
      ) : null}
      <TextArea
        name="description"
        label="What happened"
        hint="Up to 5,000 characters. Only people who may see the incident in full see this."
        rows={8}
        defaultValue={str(v.description)}
        error={errors?.description}
      />
      {p.caveatChoices ? (
        <Checkboxes
          name="caveats"
          legend="Handling caveats (optional)"
          hint="A caveat narrows who can see this incident, whatever else would allow it."
          values={arr(v.caveats)}
          error={errors?.caveats}
          items={p.caveatChoices}
        />
      ) : (
        <p className="govuk-body">Handling caveats: {p.caveatsShown?.length ? p.caveatsShown.join(", ") : "none"}.</p>
      )}
      <Button>{p.submitText}</Button>
    </AppForm>
  );
}

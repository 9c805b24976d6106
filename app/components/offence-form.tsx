import {
  OFFENCE_STATUS_LABELS,
  OFFENCE_STATUSES,
  OFFENCE_TYPES,
  OFFENCES,
  OUTCOME_CODE_LABELS,
  OUTCOME_CODES,
} from "~/domain/offences";
import { DateInput } from "./date-input";
import { AppForm, Button, Radios, Select, TextInput } from "./forms";

type Choice = { value: string; text: string };
type Values = Record<string, string | string[] | undefined>;

export const OFFENCE_FIELD_ORDER = [
  "offenceType",
  "otherDescription",
  "summaryOnly",
  "crimeReference",
  "status",
  "outcomeCode",
  "chargedOn",
];
const TYPES: Choice[] = OFFENCE_TYPES.map((t) => ({
  value: t,
  text: OFFENCES[t].summaryOnly ? `${OFFENCES[t].label}: summary only` : OFFENCES[t].label,
}));
const STATUSES: Choice[] = OFFENCE_STATUSES.map((s) => ({ value: s, text: OFFENCE_STATUS_LABELS[s] }));
const OUTCOMES: Choice[] = OUTCOME_CODES.map((c) => ({ value: c, text: OUTCOME_CODE_LABELS[c] }));

const str = (v: string | string[] | undefined) => (typeof v === "string" ? v : undefined);

/** The fields of an offence, for recording one and for changing its status. */
export function OffenceForm(p: { values: Values; errors?: Record<string, string>; submitText: string }) {
  const { values: v, errors } = p;
  const other = (
    <>
      <TextInput
        name="otherDescription"
        label="Offence"
        hint="For example, the Act and section."
        defaultValue={str(v.otherDescription)}
        error={errors?.otherDescription}
      />
      <Radios
        name="summaryOnly"
        legend="Is it a summary-only offence?"
        hint="Summary-only offences must be charged within six months of the latest incident in the course of conduct."
        legendSize="s"
        inline
        value={str(v.summaryOnly)}
        error={errors?.summaryOnly}
        items={[
          { value: "yes", text: "Yes" },
          { value: "no", text: "No" },
        ]}
      />
    </>
  );
  return (
    <AppForm method="post">
      <Radios
        name="offenceType"
        legend="Which offence?"
        value={str(v.offenceType)}
        error={errors?.offenceType}
        items={TYPES.map((t) => (t.value === "other" ? { ...t, conditional: other } : t))}
      />
      <TextInput
        name="crimeReference"
        label="Crime reference (optional)"
        width="20"
        defaultValue={str(v.crimeReference)}
        error={errors?.crimeReference}
        spellCheck={false}
      />
      <Radios
        name="status"
        legend="Status"
        value={str(v.status) ?? "under_investigation"}
        error={errors?.status}
        items={STATUSES}
      />
      <Select
        name="outcomeCode"
        label="Crime outcome (optional)"
        value={str(v.outcomeCode) ?? ""}
        emptyText="No outcome yet"
        error={errors?.outcomeCode}
        items={OUTCOMES}
      />
      <DateInput
        name="chargedOn"
        legend="Date of charge"
        hint="Only when the offence has been charged. For example, 3 9 2026."
        error={errors?.chargedOn}
        value={{
          day: str(v["chargedOn-day"]) ?? "",
          month: str(v["chargedOn-month"]) ?? "",
          year: str(v["chargedOn-year"]) ?? "",
        }}
      />
      <Button>{p.submitText}</Button>
    </AppForm>
  );
}

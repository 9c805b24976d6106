import {
  CATEGORIES,
  CATEGORY_LABELS,
  LAWFUL_BASES,
  LAWFUL_BASIS_LABELS,
  PURPOSE_LABELS,
  PURPOSES,
} from "~/access/vocabulary";
import { DateInput } from "./date-input";
import { AppForm, Button, Checkboxes, Radios, Select, TextInput } from "./forms";

type Option = { value: string; text: string };
export type AgreementFormOptions = { agencies: { id: string; name: string }[]; agencyTypes: Option[]; roles: Option[] };
type Values = Record<string, string | string[] | undefined>;

const str = (v: string | string[] | undefined) => (typeof v === "string" ? v : undefined);
const list = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);

/** Fields in the order the form shows them (for the error summary). */
export const AGREEMENT_FIELD_ORDER = [
  "name",
  "category",
  "fromAgencyId",
  "recipients",
  "toAgencyType",
  "toAgencyId",
  "toRole",
  "purposes",
  "level",
  "lawfulBasis",
  "startsOn",
  "reviewOn",
];

/** The fields of an information sharing agreement, for adding and for changing one. */
export function AgreementForm({
  options,
  values = {},
  errors = {},
  submitText,
}: {
  options: AgreementFormOptions;
  values?: Values;
  errors?: Record<string, string>;
  submitText: string;
}) {
  const agencyItems = options.agencies.map((a) => ({ value: a.id, text: a.name }));
  const dateValue = (name: string) => ({
    day: str(values[`${name}-day`]),
    month: str(values[`${name}-month`]),
    year: str(values[`${name}-year`]),
  });
  return (
    <AppForm method="post">
      <input type="hidden" name="intent" value="save" />
      <TextInput
        name="name"
        label="Name of the agreement"
        hint="For example, Victim care to probation for case work"
        defaultValue={str(values.name)}
        error={errors.name}
      />
      <Select
        name="category"
        label="Information it shares"
        emptyText="Choose a category"
        value={str(values.category)}
        error={errors.category}
        items={CATEGORIES.map((c) => ({ value: c, text: CATEGORY_LABELS[c] }))}
      />
      <Select
        name="fromAgencyId"
        label="Agency sharing the information"
        emptyText="Choose an agency"
        value={str(values.fromAgencyId)}
        error={errors.fromAgencyId}
        items={agencyItems}
      />
      <div className={`govuk-form-group${errors.recipients ? " govuk-form-group--error" : ""}`}>
        <fieldset
          className="govuk-fieldset"
          id="recipients"
          aria-describedby={["recipients-hint", errors.recipients ? "recipients-error" : ""].filter(Boolean).join(" ")}
        >
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">Who receives it</legend>
          <div id="recipients-hint" className="govuk-hint">
            Choose at least one. If you choose more than one, a person must match all of them. Only members of a case
            team receive anything.
          </div>
          {errors.recipients ? (
            <p id="recipients-error" className="govuk-error-message">
              <span className="govuk-visually-hidden">Error:</span> {errors.recipients}
            </p>
          ) : null}
          <Select
            name="toAgencyType"
            label="Type of agency"
            emptyText="Any type of agency"
            value={str(values.toAgencyType)}
            error={errors.toAgencyType}
            items={options.agencyTypes}
          />
          <Select
            name="toAgencyId"
            label="Agency"
            emptyText="Any agency"
            value={str(values.toAgencyId)}
            error={errors.toAgencyId}
            items={agencyItems}
          />
          <Select
            name="toRole"
            label="Role"
            emptyText="Any role"
            value={str(values.toRole)}
            error={errors.toRole}
            items={options.roles}
          />
        </fieldset>
      </div>
      <Checkboxes
        name="purposes"
        legend="Purposes"
        hint="The agreement applies only while someone works for one of these purposes."
        values={list(values.purposes)}
        error={errors.purposes}
        items={PURPOSES.filter((p) => p !== "break_glass" && p !== "countersign").map((p) => ({
          value: p,
          text: PURPOSE_LABELS[p],
        }))}
      />
      <Radios
        name="level"
        legend="How much of each record"
        value={str(values.level)}
        error={errors.level}
        items={[
          { value: "full", text: "Full record" },
          { value: "summary", text: "Summary line only" },
        ]}
      />
      <Select
        name="lawfulBasis"
        label="Lawful basis"
        emptyText="Choose a lawful basis"
        value={str(values.lawfulBasis)}
        error={errors.lawfulBasis}
        items={LAWFUL_BASES.map((b) => ({ value: b, text: LAWFUL_BASIS_LABELS[b] }))}
      />
      <DateInput
        name="startsOn"
        legend="Starts on"
        hint="For example, 1 4 2026"
        value={dateValue("startsOn")}
        error={errors.startsOn}
      />
      <DateInput
        name="reviewOn"
        legend="Review by"
        hint="After the start date. For example, 1 4 2027"
        value={dateValue("reviewOn")}
        error={errors.reviewOn}
      />
      <Button>{submitText}</Button>
    </AppForm>
  );
}

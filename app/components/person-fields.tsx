import { DateInput } from "./date-input";
import { TextArea, TextInput } from "./forms";
import type { IdentifierKey } from "~/domain/person-identifiers";

const IDENTIFIER_FIELDS: Record<IdentifierKey, { label: string; hint: string }> = {
  pnc: { label: "PNC number (optional)", hint: "For example, 87/123456X or 1987/0123456X" },
  ndelius: { label: "nDelius CRN (optional)", hint: "A letter and 6 numbers, for example X123456" },
  nhs: { label: "NHS number (optional)", hint: "10 numbers, for example 943 476 5919" },
} as const;

/** The fields of a person record: name and other names (case core), date of birth and identifiers. */
export function PersonFields({
  values,
  errors,
  identifierKeys,
  withDetails,
}: {
  values: Record<string, string | string[] | undefined>;
  errors?: Record<string, string>;
  identifierKeys: readonly IdentifierKey[];
  withDetails: boolean;
}) {
  const text = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : undefined);
  return (
    <>
      <TextInput
        name="fullName"
        label="Full name"
        autoComplete="off"
        spellCheck={false}
        defaultValue={text("fullName")}
        error={errors?.fullName}
      />
      <TextArea
        name="aliases"
        label="Other names (optional)"
        hint="Other names they use or have used, including online names and handles. One on each line, up to 10."
        rows={4}
        defaultValue={text("aliases")}
        error={errors?.aliases}
      />
      {withDetails ? (
        <>
          <DateInput
            name="dateOfBirth"
            legend="Date of birth (optional)"
            hint="For example, 27 3 1987"
            value={{ day: text("dateOfBirth-day"), month: text("dateOfBirth-month"), year: text("dateOfBirth-year") }}
            error={errors?.dateOfBirth}
          />
          {identifierKeys.map((k) => (
            <TextInput
              key={k}
              name={k}
              label={IDENTIFIER_FIELDS[k].label}
              hint={IDENTIFIER_FIELDS[k].hint}
              width="20"
              autoComplete="off"
              spellCheck={false}
              defaultValue={text(k)}
              error={errors?.[k]}
            />
          ))}
        </>
      ) : null}
    </>
  );
}

export const PERSON_FIELD_ORDER = ["partyRole", "fullName", "aliases", "dateOfBirth", "pnc", "ndelius", "nhs", "form"];

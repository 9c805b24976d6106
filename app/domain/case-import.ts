// Import of existing cases (issue 22, decision 0055): the import's own fields, and how one row of a file becomes
// the values of the page that records the same thing, so the page's own zod schema checks it. Pure: no I/O.
import { createHash } from "node:crypto";

export const IMPORT_KINDS = ["case", "victim", "perpetrator", "incident", "offence", "order"] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export function isImportKind(v: string): v is ImportKind {
  return (IMPORT_KINDS as readonly string[]).includes(v);
}

type Field = {
  name: string;
  label: string;
  kinds: readonly ImportKind[] | "all";
  example: Partial<Record<ImportKind, string>>;
};

/** Every field a file may carry, in template order. Lists are separated by ";" (or new lines in a cell). Dates are 2025-03-07 or 07/03/2025. */
export const IMPORT_FIELDS: readonly Field[] = [
  {
    name: "record",
    label: "Record: case, victim, perpetrator, incident, offence or order",
    kinds: "all",
    example: {
      case: "case",
      victim: "victim",
      perpetrator: "perpetrator",
      incident: "incident",
      offence: "offence",
      order: "order",
    },
  },
  {
    name: "source_key",
    label: "The row's own key in your system (unique in the file)",
    kinds: "all",
    example: {
      case: "C-1001",
      victim: "C-1001-V",
      perpetrator: "C-1001-P",
      incident: "C-1001-I1",
      offence: "C-1001-O1",
      order: "C-1001-R1",
    },
  },
  {
    name: "case_key",
    label: "The source key of the row's case (its case row, in the same file)",
    kinds: "all",
    example: {
      case: "C-1001",
      victim: "C-1001",
      perpetrator: "C-1001",
      incident: "C-1001",
      offence: "C-1001",
      order: "C-1001",
    },
  },
  { name: "agency", label: "Agency whose records these are (optional: must be yours)", kinds: "all", example: {} },
  {
    name: "owner",
    label: "Email of the person in your agency who owns the case (officer in the case)",
    kinds: ["case"],
    example: { case: "investigator@police.concord.test" },
  },
  {
    name: "case_status",
    label: "Case status: referred, triage or active",
    kinds: ["case"],
    example: { case: "active" },
  },
  {
    name: "relationship",
    label: "Relationship of perpetrator to victim",
    kinds: ["case"],
    example: { case: "ex_intimate_partner" },
  },
  { name: "motivation", label: "Perpetrator's motivation", kinds: ["case"], example: { case: "rejected" } },
  {
    name: "flags",
    label: "Flags: domestic_abuse; online; police_perpetrated",
    kinds: ["case"],
    example: { case: "domestic_abuse;online" },
  },
  {
    name: "full_name",
    label: "Full name",
    kinds: ["victim", "perpetrator"],
    example: { victim: "Alex Example", perpetrator: "Sam Sample" },
  },
  {
    name: "other_names",
    label: "Other names and online handles",
    kinds: ["victim", "perpetrator"],
    example: { perpetrator: "S. Sample;@samsample" },
  },
  {
    name: "date_of_birth",
    label: "Date of birth",
    kinds: ["victim", "perpetrator"],
    example: { perpetrator: "1988-04-12" },
  },
  { name: "pnc", label: "PNC number (perpetrator)", kinds: ["perpetrator"], example: { perpetrator: "88/123456X" } },
  { name: "ndelius", label: "nDelius CRN (perpetrator)", kinds: ["perpetrator"], example: {} },
  { name: "nhs", label: "NHS number", kinds: ["victim", "perpetrator"], example: {} },
  { name: "occurred_on", label: "Date of the incident", kinds: ["incident"], example: { incident: "2026-01-14" } },
  { name: "time", label: "Time of the incident (14:30)", kinds: ["incident"], example: { incident: "21:15" } },
  { name: "behaviours", label: "Behaviours", kinds: ["incident"], example: { incident: "messages;loitering" } },
  {
    name: "four",
    label: "FOUR indicators: fixated; obsessive; unwanted; repeated",
    kinds: ["incident"],
    example: { incident: "unwanted;repeated" },
  },
  {
    name: "reported_by",
    label: "Who reported it: victim, witness, police or partner_agency",
    kinds: ["incident"],
    example: { incident: "victim" },
  },
  {
    name: "crime_reference",
    label: "Crime reference",
    kinds: ["incident", "offence"],
    example: { incident: "NS/26/000101", offence: "NS/26/000101" },
  },
  {
    name: "description",
    label: "What happened",
    kinds: ["incident"],
    example: { incident: "Forty messages overnight asking to meet." },
  },
  { name: "caveats", label: "Handling caveats", kinds: ["incident"], example: {} },
  { name: "offence_type", label: "Offence", kinds: ["offence"], example: { offence: "stalking_s2a" } },
  { name: "other_offence", label: "The offence, when offence_type is other", kinds: ["offence"], example: {} },
  {
    name: "summary_only",
    label: "Summary only (yes or no), when offence_type is other",
    kinds: ["offence"],
    example: {},
  },
  { name: "offence_status", label: "Offence status", kinds: ["offence"], example: { offence: "under_investigation" } },
  { name: "outcome_code", label: "Outcome code", kinds: ["offence"], example: {} },
  { name: "charged_on", label: "Date of charge", kinds: ["offence"], example: {} },
  { name: "order_type", label: "Order type", kinds: ["order"], example: { order: "spo_interim" } },
  {
    name: "order_status",
    label: "Order status: applied, hearing_listed, granted or refused",
    kinds: ["order"],
    example: { order: "applied" },
  },
  { name: "applied_on", label: "Application date", kinds: ["order"], example: { order: "2026-01-20" } },
  { name: "hearing_on", label: "Hearing date", kinds: ["order"], example: {} },
  { name: "decided_on", label: "Decision date", kinds: ["order"], example: {} },
  { name: "expires_on", label: "Expiry date", kinds: ["order"], example: {} },
  { name: "refusal_reason", label: "Reasons for refusal", kinds: ["order"], example: {} },
  { name: "prohibitions", label: "Prohibitions", kinds: ["order"], example: {} },
  { name: "requirements", label: "Positive requirements", kinds: ["order"], example: {} },
];

export const IMPORT_FIELD_NAMES: readonly string[] = IMPORT_FIELDS.map((f) => f.name);

/** Concord field -> the file's column heading. */
export type ImportMapping = Record<string, string>;

/** The mapping to start from: a saved one, else every heading that is a field's own name (any case, spaces as _). */
export function defaultMapping(headers: readonly string[], saved: ImportMapping | null): ImportMapping {
  const mapping: ImportMapping = {};
  const byName = new Map(
    headers.map((h) => [
      h
        .trim()
        .toLowerCase()
        .replace(/[\s-]+/g, "_"),
      h,
    ]),
  );
  for (const name of IMPORT_FIELD_NAMES) {
    const savedHeader = saved?.[name];
    if (savedHeader && headers.includes(savedHeader)) mapping[name] = savedHeader;
    else if (byName.has(name)) mapping[name] = byName.get(name)!;
  }
  return mapping;
}

/** A row of the file as Concord fields (empty cells left out), through the mapping. */
export function mapRow(row: Record<string, string>, mapping: ImportMapping): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, header] of Object.entries(mapping)) {
    const v = (row[header] ?? "").trim();
    if (v) out[field] = v;
  }
  return out;
}

/** What decides "unchanged" on a re-import: the mapped values, in field order. */
export function rowHash(mapped: Record<string, string>): string {
  return createHash("sha256")
    .update(JSON.stringify(IMPORT_FIELD_NAMES.map((f) => mapped[f] ?? "")))
    .digest("hex");
}

const listOf = (v: string | undefined): string[] =>
  (v ?? "")
    .split(/[;\n]/)
    .map((s) => s.trim())
    .filter(Boolean);

export type DateParse =
  { ok: true; parts: { day: string; month: string; year: string } } | { ok: false; message: string };

/** 2025-03-07 (ISO, as Excel dates are read) or 07/03/2025 (UK order) as GOV.UK date parts; the page's schema checks it is real. */
export function importDate(value: string | undefined): DateParse {
  if (!value) return { ok: true, parts: { day: "", month: "", year: "" } };
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
  if (iso) return { ok: true, parts: { day: iso[3]!, month: iso[2]!, year: iso[1]! } };
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  if (uk) return { ok: true, parts: { day: uk[1]!, month: uk[2]!, year: uk[3]! } };
  return { ok: false, message: "Enter the date as 2025-03-07 or 07/03/2025" };
}

type Values = Record<string, string | string[]>;
export type RowValues = { values: Values; errors: Record<string, string> };

/** Each kind's date fields: import field -> the page's date field. */
const DATE_FIELDS: Partial<Record<ImportKind, Record<string, string>>> = {
  victim: { date_of_birth: "dateOfBirth" },
  perpetrator: { date_of_birth: "dateOfBirth" },
  incident: { occurred_on: "occurred" },
  offence: { charged_on: "chargedOn" },
  order: { applied_on: "appliedOn", hearing_on: "hearingOn", decided_on: "decidedOn", expires_on: "expiresOn" },
};

/** Each kind's plain fields: import field -> the page's field. */
const PLAIN_FIELDS: Record<ImportKind, Record<string, string>> = {
  case: { case_status: "status", relationship: "relationship", motivation: "motivation" },
  victim: { full_name: "fullName", nhs: "nhs" },
  perpetrator: { full_name: "fullName", pnc: "pnc", ndelius: "ndelius", nhs: "nhs" },
  incident: { time: "time", reported_by: "source", crime_reference: "crimeReference", description: "description" },
  offence: {
    offence_type: "offenceType",
    other_offence: "otherDescription",
    summary_only: "summaryOnly",
    crime_reference: "crimeReference",
    offence_status: "status",
    outcome_code: "outcomeCode",
  },
  order: { order_type: "orderType", order_status: "status", refusal_reason: "refusalReason" },
};

/** Each kind's list fields: import field -> the page's field (checkbox lists, or lines of text). */
const LIST_FIELDS: Record<ImportKind, Record<string, { field: string; lines: boolean }>> = {
  case: { flags: { field: "flags", lines: false } },
  victim: { other_names: { field: "aliases", lines: true } },
  perpetrator: { other_names: { field: "aliases", lines: true } },
  incident: {
    behaviours: { field: "behaviours", lines: false },
    four: { field: "four", lines: false },
    caveats: { field: "caveats", lines: false },
  },
  offence: {},
  order: { prohibitions: { field: "prohibitions", lines: true }, requirements: { field: "requirements", lines: true } },
};

/** The fields a row of this kind may fill (the others must be empty). */
export function fieldsOf(kind: ImportKind): string[] {
  return IMPORT_FIELDS.filter((f) => f.kinds === "all" || f.kinds.includes(kind)).map((f) => f.name);
}

/** A row as the values its page's form would send (the page's own schema then checks them). */
export function rowValues(kind: ImportKind, mapped: Record<string, string>): RowValues {
  const values: Values = {};
  const errors: Record<string, string> = {};
  for (const [from, to] of Object.entries(PLAIN_FIELDS[kind])) values[to] = mapped[from] ?? "";
  for (const [from, { field, lines }] of Object.entries(LIST_FIELDS[kind]))
    values[field] = lines ? listOf(mapped[from]).join("\n") : listOf(mapped[from]);
  for (const [from, to] of Object.entries(DATE_FIELDS[kind] ?? {})) {
    const d = importDate(mapped[from]);
    if (!d.ok) errors[from] = d.message;
    const parts = d.ok ? d.parts : { day: "", month: "", year: "" };
    Object.assign(values, { [`${to}-day`]: parts.day, [`${to}-month`]: parts.month, [`${to}-year`]: parts.year });
  }
  if (kind === "victim" || kind === "perpetrator") values.partyRole = kind;
  if (kind === "incident") values.offences = [];
  for (const name of Object.keys(mapped))
    if (!fieldsOf(kind).includes(name)) errors[name] = `A ${kind} row leaves ${name} empty`;
  return { values, errors };
}

/** The import field a page's error belongs to (the page's field names differ from the file's). */
export function importFieldOf(kind: ImportKind, pageField: string): string {
  for (const [from, to] of Object.entries(PLAIN_FIELDS[kind])) if (to === pageField) return from;
  for (const [from, { field }] of Object.entries(LIST_FIELDS[kind])) if (field === pageField) return from;
  for (const [from, to] of Object.entries(DATE_FIELDS[kind] ?? {})) if (to === pageField) return from;
  return pageField === "partyRole" ? "record" : pageField;
}

/** The template's rows: a heading per field and one example case with a row of each kind. */
export function templateRows(): string[][] {
  return [IMPORT_FIELD_NAMES.slice(), ...IMPORT_KINDS.map((kind) => IMPORT_FIELDS.map((f) => f.example[kind] ?? ""))];
}

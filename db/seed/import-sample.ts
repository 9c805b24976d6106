// A synthetic import file (issue 22, decision 0055) for tests and the bench: whole cases of five rows each (case,
// victim, perpetrator, incident, and an offence or an order), with invented names and identifiers. Never real data.
import { IMPORT_FIELD_NAMES } from "~/domain/case-import";
import { toCsv } from "~/domain/csv";

const FIRST = [
  "Avery",
  "Blake",
  "Casey",
  "Devon",
  "Emery",
  "Finley",
  "Harper",
  "Jordan",
  "Kendall",
  "Logan",
  "Morgan",
  "Parker",
  "Quinn",
  "Riley",
  "Rowan",
  "Sawyer",
];
const LAST = [
  "Ashdown",
  "Brookfield",
  "Carrow",
  "Dunmore",
  "Elsworth",
  "Fenwick",
  "Garside",
  "Holbrook",
  "Ingleby",
  "Kestle",
  "Larwood",
  "Marston",
  "Norcott",
  "Oakhurst",
  "Pennock",
  "Rendle",
];

export type SampleRow = Record<string, string>;

function name(i: number, salt: number): string {
  return `${FIRST[(i * 7 + salt) % FIRST.length]} ${LAST[(i * 11 + salt * 3) % LAST.length]}`;
}

/**
 * `cases` cases (five rows each) owned by `owner`; keys start with `prefix`. Perpetrators carry an nDelius CRN
 * (made unique per case and prefix), so a second file can name the same person and be matched.
 */
export function sampleImportRows(cases: number, owner: string, prefix = "SRC"): SampleRow[] {
  const rows: SampleRow[] = [];
  const crnLetter = String.fromCharCode(65 + (prefix.charCodeAt(0) % 26));
  for (let i = 0; i < cases; i++) {
    const key = `${prefix}-${String(i + 1).padStart(5, "0")}`;
    const month = String((i % 12) + 1).padStart(2, "0");
    const day = String((i % 27) + 1).padStart(2, "0");
    rows.push({
      record: "case",
      source_key: key,
      case_key: key,
      owner,
      case_status: "active",
      relationship: "ex_intimate_partner",
      motivation: "rejected",
      flags: i % 3 === 0 ? "domestic_abuse;online" : "",
    });
    rows.push({ record: "victim", source_key: `${key}-V`, case_key: key, full_name: name(i, 1) });
    rows.push({
      record: "perpetrator",
      source_key: `${key}-P`,
      case_key: key,
      full_name: name(i, 2),
      ndelius: `${crnLetter}${String(100000 + i).slice(-6)}`,
      date_of_birth: `19${70 + (i % 25)}-${month}-${day}`,
    });
    rows.push({
      record: "incident",
      source_key: `${key}-I1`,
      case_key: key,
      occurred_on: `2025-${month}-${day}`,
      time: "21:15",
      behaviours: "messages;loitering",
      four: "unwanted;repeated",
      reported_by: "victim",
      description: `Repeated messages asking to meet (synthetic record ${i + 1}).`,
    });
    if (i % 2 === 0)
      rows.push({
        record: "offence",
        source_key: `${key}-O1`,
        case_key: key,
        offence_type: "stalking_s2a",
        offence_status: "under_investigation",
        crime_reference: `${prefix}/25/${String(i + 1).padStart(6, "0")}`,
      });
    else
      rows.push({
        record: "order",
        source_key: `${key}-R1`,
        case_key: key,
        order_type: "spo_interim",
        order_status: "applied",
        applied_on: `2025-${month}-${day}`,
      });
  }
  return rows;
}

/** The rows as a CSV file with every field as a column, in template order. */
export function sampleCsv(rows: SampleRow[]): Buffer {
  return Buffer.from(
    toCsv(
      IMPORT_FIELD_NAMES,
      rows.map((r) => IMPORT_FIELD_NAMES.map((f) => r[f] ?? "")),
    ),
  );
}

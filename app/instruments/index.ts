import type { AgencyType } from "~/domain/agencies";
import { dash } from "./dash";
import { sam } from "./sam";
import { screening } from "./screening";
import { srp } from "./srp";
import type { Instrument, InstrumentCode } from "./types";

// The registry. A shipped version never changes: a change is a new version added here, and the previous one
// moves to PREVIOUS_VERSIONS so assessments completed against it can still be shown and compared.

/** The current version of each instrument, in the order they are offered. */
export const INSTRUMENTS: readonly Instrument[] = [screening, dash, sam, srp];

/** Versions no longer offered for new assessments but still needed to read old ones. None yet. */
const PREVIOUS_VERSIONS: readonly Instrument[] = [];

const ALL_VERSIONS: readonly Instrument[] = [...INSTRUMENTS, ...PREVIOUS_VERSIONS];

export const INSTRUMENT_CODES: readonly InstrumentCode[] = ["screening", "dash", "sam", "srp"];

export function isInstrumentCode(value: string): value is InstrumentCode {
  return (INSTRUMENT_CODES as readonly string[]).includes(value);
}

export function currentInstrument(code: InstrumentCode): Instrument {
  const found = INSTRUMENTS.find((i) => i.code === code);
  if (!found) throw new Error(`No current version of instrument ${code}`);
  return found;
}

/** A stored or submitted version; null for an unknown code or version (a tampered form). */
export function findInstrument(code: string, version: string): Instrument | null {
  return ALL_VERSIONS.find((i) => i.code === code && i.version === version) ?? null;
}

/** The current instruments an agency's staff may complete. */
export function instrumentsFor(agencyType: AgencyType): Instrument[] {
  return INSTRUMENTS.filter((i) => i.agencyTypes.includes(agencyType));
}

export type { Instrument, InstrumentCode } from "./types";

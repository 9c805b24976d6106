import { defineAbilityFor, asSubject, type AppAbility, type RecordAttributes } from "./ability";
import type { Actor } from "./actor";
import type { Level } from "./vocabulary";

/** What the UI shows in place of a field the viewer may not see: never an empty value that reads as "none". */
export type Withheld = { withheld: true; heldBy: string };

export function withheld(heldBy: string): Withheld {
  return { withheld: true, heldBy };
}

export function isWithheld(value: unknown): value is Withheld {
  return typeof value === "object" && value !== null && (value as Withheld).withheld === true;
}

/** The actor's level of access to one record: full, summary or none. */
export function accessLevel(
  actor: Actor,
  record: RecordAttributes,
  ability: AppAbility = defineAbilityFor(actor),
): Level {
  const s = asSubject("CaseRecord", record);
  if (ability.can("read", s)) return "full";
  if (ability.can("read_summary", s)) return "summary";
  return "none";
}

export type RecordContent = { title: string; summary: string; body: Record<string, unknown> };
export type RedactedRecord = {
  level: Exclude<Level, "none">;
  title: string;
  summary: string;
  body: Record<string, unknown> | Withheld;
};

/**
 * Keeps only what the actor may see of a record, on the server, before anything is serialised. Summary access
 * keeps the title and summary line and replaces the body with a withheld marker; no access returns null, and
 * callers must not reveal that the record exists.
 */
export function redact(
  actor: Actor,
  record: RecordAttributes,
  content: RecordContent,
  heldBy: string,
  ability?: AppAbility,
): RedactedRecord | null {
  const level = accessLevel(actor, record, ability);
  if (level === "none") return null;
  if (level === "full") return { level, title: content.title, summary: content.summary, body: content.body };
  return { level, title: content.title, summary: content.summary, body: withheld(heldBy) };
}

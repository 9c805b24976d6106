/** A note can be changed by its author for 24 hours after it was written; after that it stands (history kept). */
export const NOTE_EDIT_WINDOW_MS = 24 * 60 * 60 * 1000;

export type NoteForEditing = { authorUserId: string; createdAt: string; retractedAt: string | null };
export type NoteEditDecision = { ok: true } | { ok: false; reason: "not_author" | "window_closed" | "retracted" };

/** The instant a note stops being editable (exactly 24 hours after it was written). */
export function noteEditableUntil(createdAt: string): Date {
  return new Date(new Date(createdAt).getTime() + NOTE_EDIT_WINDOW_MS);
}

/** May this person change this note now? Only its author, only before the window closes, never once retracted. */
export function noteEditDecision(note: NoteForEditing, userId: string, now: Date): NoteEditDecision {
  if (note.authorUserId !== userId) return { ok: false, reason: "not_author" };
  if (note.retractedAt) return { ok: false, reason: "retracted" };
  const until = noteEditableUntil(note.createdAt).getTime();
  // An unreadable creation time fails closed.
  if (!Number.isFinite(until) || now.getTime() >= until) return { ok: false, reason: "window_closed" };
  return { ok: true };
}

export const NOTE_EDIT_REFUSALS: Record<Exclude<NoteEditDecision, { ok: true }>["reason"], string> = {
  not_author: "Only the person who wrote a note can change it",
  window_closed: "This note can no longer be changed: notes can be changed for 24 hours after they are written",
  retracted: "This note has been retracted and can no longer be changed",
};

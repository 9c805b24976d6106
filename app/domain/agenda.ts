/**
 * The order of a meeting's agenda: urgent before soon before routine, then the oldest referral first (it has
 * waited longest), with the time allowed per item set by its priority. Pure, so the rule is tested on its own.
 */
export const AGENDA_PRIORITIES = ["urgent", "soon", "routine"] as const;
export type AgendaPriority = (typeof AGENDA_PRIORITIES)[number];

export const PRIORITY_LABELS: Record<AgendaPriority, string> = { urgent: "Urgent", soon: "Soon", routine: "Routine" };

/** Minutes allowed per item by priority. */
export const MINUTES_BY_PRIORITY: Record<AgendaPriority, number> = { urgent: 20, soon: 15, routine: 10 };

export const MINUTES_ALLOWED_MIN = 1;
export const MINUTES_ALLOWED_MAX = 120;

export function isAgendaPriority(value: string): value is AgendaPriority {
  return (AGENDA_PRIORITIES as readonly string[]).includes(value);
}

export type AgendaCandidate = { key: string; priority: AgendaPriority; referredAt: string };
export type AgendaEntry<T extends AgendaCandidate> = T & { position: number; minutesAllowed: number };

/** Orders candidates by priority then age (key breaks ties, so the order is stable) and numbers them from 1. */
export function orderAgenda<T extends AgendaCandidate>(candidates: readonly T[]): AgendaEntry<T>[] {
  const rank = (p: AgendaPriority) => AGENDA_PRIORITIES.indexOf(p);
  return [...candidates]
    .sort(
      (a, b) =>
        rank(a.priority) - rank(b.priority) || a.referredAt.localeCompare(b.referredAt) || a.key.localeCompare(b.key),
    )
    .map((c, i) => ({ ...c, position: i + 1, minutesAllowed: MINUTES_BY_PRIORITY[c.priority] }));
}

/** Total time of an agenda, in minutes. */
export function agendaLength(items: readonly { minutesAllowed: number }[]): number {
  return items.reduce((sum, i) => sum + i.minutesAllowed, 0);
}

/** Moves the item at `from` one place up or down; positions stay 1..n. Returns the ids in their new order. */
export function moveItem(ids: readonly string[], id: string, direction: "up" | "down"): string[] {
  const out = [...ids];
  const i = out.indexOf(id);
  const j = direction === "up" ? i - 1 : i + 1;
  if (i < 0 || j < 0 || j >= out.length) return out;
  [out[i], out[j]] = [out[j]!, out[i]!];
  return out;
}

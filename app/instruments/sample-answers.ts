import { allItems } from "./answers";
import type { Answer, Answers, Instrument } from "./types";

/**
 * A complete, valid set of synthetic answers for an instrument (for tests and demo seeds): yes/no items "no",
 * choices and factor facets their first option, every text item filled, checkboxes left empty. `overrides`
 * replace answers; an undefined override removes the answer.
 */
export function sampleAnswers(instrument: Instrument, overrides: Record<string, Answer | undefined> = {}): Answers {
  const answers: Record<string, Answer> = {};
  for (const item of allItems(instrument)) {
    const r = item.response;
    if (r.kind === "yes_no") answers[item.id] = "no";
    else if (r.kind === "choice") answers[item.id] = r.options[0]!.value;
    else if (r.kind === "text") answers[item.id] = "Synthetic example text.";
    else if (r.kind === "factor") answers[item.id] = Object.fromEntries(r.facets.map((f) => [f.id, f.scale[0]!.value]));
  }
  for (const [id, a] of Object.entries(overrides)) {
    if (a === undefined) delete answers[id];
    else answers[id] = a;
  }
  return answers;
}

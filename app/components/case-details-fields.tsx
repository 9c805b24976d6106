import { Checkboxes, Radios } from "./forms";
import { CASE_FLAG_LABELS, CASE_FLAGS } from "~/domain/case-lifecycle";
import { MOTIVATION_LABELS, MOTIVATIONS, RELATIONSHIP_LABELS, RELATIONSHIPS } from "~/domain/case-vocabulary";

/** The case-core questions asked when a case is created and when its details change. */
export function CaseDetailsFields({
  values,
  errors,
}: {
  values: { relationship?: string; motivation?: string; flags: string[] };
  errors?: Record<string, string>;
}) {
  return (
    <>
      <Radios
        name="relationship"
        legend="What is the perpetrator's relationship to the victim?"
        value={values.relationship}
        error={errors?.relationship}
        items={RELATIONSHIPS.map((r) => ({ value: r, text: RELATIONSHIP_LABELS[r] }))}
      />
      <Radios
        name="motivation"
        legend="What seems to motivate the perpetrator?"
        hint="Choose Not yet known until there is enough to judge. It can be changed later."
        value={values.motivation}
        error={errors?.motivation}
        items={MOTIVATIONS.map((m) => ({ value: m, text: MOTIVATION_LABELS[m] }))}
      />
      <Checkboxes
        name="flags"
        legend="Flags"
        hint="Select all that apply."
        values={values.flags}
        error={errors?.flags}
        items={CASE_FLAGS.map((f) => ({ value: f, text: CASE_FLAG_LABELS[f] }))}
      />
    </>
  );
}

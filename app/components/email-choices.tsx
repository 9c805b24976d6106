import { Radios } from "~/components/forms";
import { EMAIL_MODE_LABELS, EMAIL_MODES, type EmailMode } from "~/domain/email-content";

type Kind = { kind: string; label: string; required: boolean; mode: EmailMode };

/** One set of GOV.UK radios per kind of email (straight away, daily summary, off); kinds that cannot change are listed. */
export function EmailChoices({
  kinds,
  errors,
  values,
  digestLabel,
}: {
  kinds: Kind[];
  errors?: Record<string, string>;
  values?: Record<string, unknown>;
  digestLabel: string;
}) {
  const fixed = kinds.filter((k) => k.required);
  return (
    <>
      {kinds
        .filter((k) => !k.required)
        .map((k) => {
          const sent = values?.[`mode-${k.kind}`];
          return (
            <Radios
              key={k.kind}
              name={`mode-${k.kind}`}
              legend={k.label}
              legendSize="s"
              inline
              error={errors?.[`mode-${k.kind}`]}
              value={typeof sent === "string" ? sent : k.mode}
              items={EMAIL_MODES.map((m) => ({ value: m, text: m === "digest" ? digestLabel : EMAIL_MODE_LABELS[m] }))}
            />
          );
        })}
      <h2 className="govuk-heading-s">Always sent straight away</h2>
      <p className="govuk-body">
        Someone&apos;s work waits on these, or they are your way in, so they cannot be turned off or delayed:
      </p>
      <ul className="govuk-list govuk-list--bullet">
        {fixed.map((k) => (
          <li key={k.kind}>{k.label}</li>
        ))}
      </ul>
    </>
  );
}

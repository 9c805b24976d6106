import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { DateInput } from "~/components/date-input";
import { AppForm, Button, Radios, TextArea } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { dateValues, formValuesFor, VictimCareFormPage } from "~/components/victim-care";
import { NEED_LEVEL_LABELS, NEED_LEVELS, NEEDS_AREA_LABELS, NEEDS_AREAS } from "~/domain/victim-care";
import { formValues } from "~/forms/parse-form";
import { requireActor } from "~/services/current-user.server";
import { readNeeds, saveNeeds, victimCareForm } from "~/services/victim-care.server";

const TITLE = "Victim needs assessment";
const FIELDS = [...NEEDS_AREAS.flatMap((a) => [`level_${a}`, `notes_${a}`]), "completedOn"];

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `${TITLE}: case ${data.case.reference}` : TITLE);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return victimCareForm(actor, params.caseId ?? "", "needs_assessment", readNeeds);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const result = saveNeeds(actor, params.caseId ?? "", formValues(await request.formData()));
  if (!result.ok)
    return data(
      { errors: result.errors, values: result.values, stale: result.stale ?? false },
      { status: result.stale ? 409 : 400 },
    );
  throw redirect(`/cases/${encodeURIComponent(params.caseId ?? "")}/victim-care?done=needs#needs`);
}

export default function NeedsAssessment() {
  const { case: c, item } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const b = item?.body;
  const initial: Record<string, string | undefined> = {
    ...(dateValues("completedOn", b?.completedOn) as Record<string, string>),
  };
  for (const a of NEEDS_AREAS) {
    initial[`level_${a}`] = b?.areas[a].level ?? undefined;
    initial[`notes_${a}`] = b?.areas[a].notes;
  }
  const f = formValuesFor(result, initial);
  const e = result?.errors;
  return (
    <VictimCareFormPage
      c={c}
      title={TITLE}
      errors={e}
      fieldOrder={FIELDS}
      intro={
        <p className="govuk-body">
          For each area, record the level of need you and the victim agreed, with any notes. Saving replaces the
          assessment shown; earlier versions are kept.
        </p>
      }
    >
      <AppForm method="post" key={item?.version ?? 0}>
        <input type="hidden" name="baseVersion" value={item?.version ?? 0} />
        {NEEDS_AREAS.map((a) => (
          <div key={a} className="govuk-!-margin-bottom-6">
            <Radios
              name={`level_${a}`}
              legend={NEEDS_AREA_LABELS[a]}
              inline
              value={f.text(`level_${a}`)}
              error={e?.[`level_${a}`]}
              items={NEED_LEVELS.map((l) => ({ value: l, text: NEED_LEVEL_LABELS[l] }))}
            />
            <TextArea
              name={`notes_${a}`}
              label={`Notes on ${NEEDS_AREA_LABELS[a].toLowerCase()} (optional)`}
              defaultValue={f.text(`notes_${a}`)}
              error={e?.[`notes_${a}`]}
              rows={2}
            />
          </div>
        ))}
        <DateInput
          name="completedOn"
          legend="When was the assessment completed?"
          hint="For example, 27 3 2026"
          value={f.date("completedOn")}
          error={e?.completedOn}
        />
        <Button>Save assessment</Button>
      </AppForm>
    </VictimCareFormPage>
  );
}

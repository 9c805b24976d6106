import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { DateInput } from "~/components/date-input";
import { AppForm, Button, Checkboxes, Radios, TextInput } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { dateValues, formValuesFor, VictimCareFormPage } from "~/components/victim-care";
import {
  ENHANCED_RIGHTS_REASON_LABELS,
  ENHANCED_RIGHTS_REASONS,
  RIGHTS_EXPLAINED_HOW,
  RIGHTS_EXPLAINED_HOW_LABELS,
} from "~/domain/victim-care";
import { formValues } from "~/forms/parse-form";
import { requireActor } from "~/services/current-user.server";
import { readVictimsCode, saveVictimsCode, victimCareForm } from "~/services/victim-care.server";

const TITLE = "Victims' Code enhanced rights";
const FIELDS = ["entitled", "reasons", "explained", "explainedOn", "explainedBy", "explainedHow"];

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `${TITLE}: case ${data.case.reference}` : TITLE);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return { ...victimCareForm(actor, params.caseId ?? "", "victims_code", readVictimsCode), actorName: actor.name };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const result = saveVictimsCode(actor, params.caseId ?? "", formValues(await request.formData()));
  if (!result.ok)
    return data(
      { errors: result.errors, values: result.values, stale: result.stale ?? false },
      { status: result.stale ? 409 : 400 },
    );
  throw redirect(`/cases/${encodeURIComponent(params.caseId ?? "")}/victim-care?done=rights#rights`);
}

const yesNo = (v: boolean | null | undefined) => (v === true ? "yes" : v === false ? "no" : undefined);

export default function VictimsCodeRights() {
  const { case: c, item, actorName } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const b = item?.body;
  const f = formValuesFor(result, {
    entitled: yesNo(b?.entitled),
    reasons: b ? b.reasons : ["persistently_targeted"],
    explained: b ? (b.explained ? "yes" : "no") : undefined,
    ...dateValues("explainedOn", b?.explained?.on),
    explainedBy: b?.explained?.by ?? actorName,
    explainedHow: b?.explained?.how ?? undefined,
  });
  const e = result?.errors;
  return (
    <VictimCareFormPage
      c={c}
      title={TITLE}
      errors={e}
      fieldOrder={FIELDS}
      intro={
        <p className="govuk-body">
          Victims who are persistently targeted are entitled to enhanced rights under the Code of Practice for Victims
          of Crime, and must be told what their rights are.
        </p>
      }
    >
      <AppForm method="post" key={item?.version ?? 0}>
        <input type="hidden" name="baseVersion" value={item?.version ?? 0} />
        <Radios
          name="entitled"
          legend="Is the victim entitled to enhanced rights?"
          value={f.text("entitled")}
          error={e?.entitled}
          items={[
            { value: "yes", text: "Yes" },
            { value: "no", text: "No" },
          ]}
        />
        <Checkboxes
          name="reasons"
          legend="If they are entitled, why?"
          hint="Select all that apply."
          values={f.list("reasons")}
          error={e?.reasons}
          items={ENHANCED_RIGHTS_REASONS.map((r) => ({ value: r, text: ENHANCED_RIGHTS_REASON_LABELS[r] }))}
        />
        <Radios
          name="explained"
          legend="Have their rights been explained to them?"
          value={f.text("explained")}
          error={e?.explained}
          items={[
            { value: "yes", text: "Yes" },
            { value: "no", text: "Not yet" },
          ]}
        />
        <DateInput
          name="explainedOn"
          legend="If they have been explained, when?"
          hint="For example, 27 3 2026"
          value={f.date("explainedOn")}
          error={e?.explainedOn}
        />
        <TextInput
          name="explainedBy"
          label="Who explained them?"
          defaultValue={f.text("explainedBy")}
          error={e?.explainedBy}
        />
        <Radios
          name="explainedHow"
          legend="How were they explained?"
          value={f.text("explainedHow")}
          error={e?.explainedHow}
          items={RIGHTS_EXPLAINED_HOW.map((h) => ({ value: h, text: RIGHTS_EXPLAINED_HOW_LABELS[h] }))}
        />
        <Button>Save</Button>
      </AppForm>
    </VictimCareFormPage>
  );
}

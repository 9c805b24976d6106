import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { DateInput } from "~/components/date-input";
import { AppForm, Button, Radios, TextInput } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { dateValues, formValuesFor, VictimCareFormPage } from "~/components/victim-care";
import { formatDate } from "~/domain/dates";
import {
  REFERRAL_RESPONSE_LABELS,
  REFERRAL_RESPONSES,
  SUPPORT_SERVICE_LABELS,
  SUPPORT_SERVICES,
} from "~/domain/victim-care";
import { formValues } from "~/forms/parse-form";
import { requireActor } from "~/services/current-user.server";
import { addReferral, referralForm, respondToReferral } from "~/services/victim-care.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(
    data
      ? `${data.referral ? "Record the victim's response" : "Refer to specialist support"}: case ${data.case.reference}`
      : "Referral to specialist support",
  );

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return referralForm(actor, params.caseId ?? "", new URL(request.url).searchParams.get("referral"));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const caseId = params.caseId ?? "";
  const values = formValues(await request.formData());
  const referralId = new URL(request.url).searchParams.get("referral");
  const result = referralId ? respondToReferral(actor, caseId, referralId, values) : addReferral(actor, caseId, values);
  if (!result.ok)
    return data(
      { errors: result.errors, values: result.values, stale: result.stale ?? false },
      { status: result.stale ? 409 : 400 },
    );
  throw redirect(
    `/cases/${encodeURIComponent(caseId)}/victim-care?done=${referralId ? "referral_response" : "referral"}#referrals`,
  );
}

function ResponseFields({ f, e }: { f: ReturnType<typeof formValuesFor>; e: Record<string, string> | undefined }) {
  return (
    <>
      <Radios
        name="response"
        legend="What did the victim say?"
        value={f.text("response")}
        error={e?.response}
        items={REFERRAL_RESPONSES.map((r) => ({ value: r, text: REFERRAL_RESPONSE_LABELS[r] }))}
      />
      <DateInput
        name="respondedOn"
        legend="If they accepted or declined, when?"
        hint="For example, 27 3 2026"
        value={f.date("respondedOn")}
        error={e?.respondedOn}
      />
    </>
  );
}

export default function Referral() {
  const { case: c, referral } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const e = result?.errors;
  if (referral?.body) {
    const b = referral.body;
    const f = formValuesFor(result, { response: b.response, ...dateValues("respondedOn", b.respondedOn) });
    const service =
      b.service === "other"
        ? b.otherService || SUPPORT_SERVICE_LABELS.other
        : b.service
          ? SUPPORT_SERVICE_LABELS[b.service]
          : "Not recorded";
    return (
      <VictimCareFormPage
        c={c}
        title="Record the victim's response"
        errors={e}
        fieldOrder={["response", "respondedOn"]}
        intro={
          <p className="govuk-body">{`${service}, offered on ${b.offeredOn ? formatDate(b.offeredOn) : "a date not recorded"}.`}</p>
        }
      >
        <AppForm method="post" key={referral.version}>
          <input type="hidden" name="baseVersion" value={referral.version} />
          <ResponseFields f={f} e={e} />
          <Button>Save response</Button>
        </AppForm>
      </VictimCareFormPage>
    );
  }
  const f = formValuesFor(result, { response: "pending" });
  return (
    <VictimCareFormPage
      c={c}
      title="Refer to specialist support"
      errors={e}
      fieldOrder={["service", "otherService", "offeredOn", "response", "respondedOn"]}
      intro={<p className="govuk-body">Record each offer of specialist support, and whether the victim accepted it.</p>}
    >
      <AppForm method="post">
        <Radios
          name="service"
          legend="Which service was offered?"
          value={f.text("service")}
          error={e?.service}
          items={SUPPORT_SERVICES.map((s) => ({ value: s, text: SUPPORT_SERVICE_LABELS[s] }))}
        />
        <TextInput
          name="otherService"
          label="If another service, its name"
          defaultValue={f.text("otherService")}
          error={e?.otherService}
        />
        <DateInput
          name="offeredOn"
          legend="When was it offered?"
          hint="For example, 27 3 2026"
          value={f.date("offeredOn")}
          error={e?.offeredOn}
        />
        <ResponseFields f={f} e={e} />
        <Button>Save referral</Button>
      </AppForm>
    </VictimCareFormPage>
  );
}

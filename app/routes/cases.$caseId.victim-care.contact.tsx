import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AppForm, Button, Checkboxes, Radios, TextArea, TextInput } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { formValuesFor, VictimCareFormPage } from "~/components/victim-care";
import { CONTACT_METHOD_LABELS, CONTACT_METHODS } from "~/domain/victim-care";
import { formValues } from "~/forms/parse-form";
import { requireActor } from "~/services/current-user.server";
import { readContact, saveContact, victimCareForm } from "~/services/victim-care.server";

const TITLE = "Contact details and safe-contact preferences";
const FIELDS = [
  "address",
  "phone",
  "email",
  "workplace",
  "safeTimes",
  "safeMethod",
  "avoidMethods",
  "leaveMessages",
  "notes",
];

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `${TITLE}: case ${data.case.reference}` : TITLE);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return victimCareForm(actor, params.caseId ?? "", "victim_contact", readContact);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const result = saveContact(actor, params.caseId ?? "", formValues(await request.formData()));
  if (!result.ok)
    return data(
      { errors: result.errors, values: result.values, stale: result.stale ?? false },
      { status: result.stale ? 409 : 400 },
    );
  throw redirect(`/cases/${encodeURIComponent(params.caseId ?? "")}/victim-care?done=contact#contact`);
}

export default function ContactDetails() {
  const { case: c, item } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const b = item?.body;
  const f = formValuesFor(result, {
    address: b?.address,
    phone: b?.phone,
    email: b?.email,
    workplace: b?.workplace,
    safeTimes: b?.safeTimes,
    safeMethod: b?.safeMethod ?? undefined,
    avoidMethods: b?.avoidMethods,
    leaveMessages:
      b?.leaveMessages === null || b?.leaveMessages === undefined ? undefined : b.leaveMessages ? "yes" : "no",
    notes: b?.notes,
  });
  const e = result?.errors;
  const methods = CONTACT_METHODS.map((m) => ({ value: m, text: CONTACT_METHOD_LABELS[m] }));
  return (
    <VictimCareFormPage
      c={c}
      title={TITLE}
      errors={e}
      fieldOrder={FIELDS}
      intro={
        <p className="govuk-body">
          These details are victim-confidential: only the victim&apos;s advocate and the police case team can see them.
          Saving replaces the details shown; earlier versions are kept.
        </p>
      }
    >
      <AppForm method="post" key={item?.version ?? 0}>
        <input type="hidden" name="baseVersion" value={item?.version ?? 0} />
        <TextArea
          name="address"
          label="Address"
          hint="Where the victim lives or can safely receive post."
          defaultValue={f.text("address")}
          error={e?.address}
          rows={3}
        />
        <TextInput
          name="phone"
          label="Phone number"
          type="tel"
          autoComplete="off"
          width="20"
          defaultValue={f.text("phone")}
          error={e?.phone}
        />
        <TextInput
          name="email"
          label="Email address"
          type="email"
          autoComplete="off"
          spellCheck={false}
          defaultValue={f.text("email")}
          error={e?.email}
        />
        <TextInput name="workplace" label="Workplace" defaultValue={f.text("workplace")} error={e?.workplace} />
        <TextInput
          name="safeTimes"
          label="Safe times to call"
          hint="For example, weekdays 10am to 12pm."
          defaultValue={f.text("safeTimes")}
          error={e?.safeTimes}
        />
        <Radios
          name="safeMethod"
          legend="What is the safest way to contact the victim?"
          value={f.text("safeMethod")}
          error={e?.safeMethod}
          items={methods}
        />
        <Checkboxes
          name="avoidMethods"
          legend="Ways NOT to contact the victim"
          hint="Select all that apply. For example, letters if the perpetrator may see their post."
          values={f.list("avoidMethods")}
          error={e?.avoidMethods}
          items={methods}
        />
        <Radios
          name="leaveMessages"
          legend="Is it safe to leave messages?"
          inline
          value={f.text("leaveMessages")}
          error={e?.leaveMessages}
          items={[
            { value: "yes", text: "Yes" },
            { value: "no", text: "No" },
          ]}
        />
        <TextArea
          name="notes"
          label="Notes (optional)"
          hint="Anything else about contacting the victim safely."
          defaultValue={f.text("notes")}
          error={e?.notes}
          rows={4}
        />
        <Button>Save contact details</Button>
      </AppForm>
    </VictimCareFormPage>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { EmailChoices } from "~/components/email-choices";
import { AppForm, Button, ErrorSummary, TextInput } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { doneText, SuccessBanner } from "~/components/success-banner";
import { formValues } from "~/forms/parse-form";
import { requireActor } from "~/services/current-user.server";
import { myEmailPreferences, saveMyEmailPreferences } from "~/services/email-preferences.server";

export const meta: MetaFunction = () => pageTitle("Emails from Concord");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return { ...myEmailPreferences(actor), done: doneText(request, { saved: "Your email choices are saved" }) };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const result = saveMyEmailPreferences(actor, formValues(await request.formData()));
  if (!result.ok) return data({ errors: result.errors, values: result.values }, { status: 400 });
  throw redirect("/account/emails?done=saved");
}

export default function AccountEmails() {
  const { kinds, digestTime, done } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const values = result?.values as Record<string, unknown> | undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <SuccessBanner text={done} />
        <ErrorSummary
          errors={result?.errors}
          fieldOrder={["form", "digestTime", ...kinds.map((k) => `mode-${k.kind}`)]}
        />
        <h1 className="govuk-heading-l">Emails from Concord</h1>
        <p className="govuk-body">
          An email from Concord says only what kind of thing needs you, with a link. It never names anyone or says
          anything about a case: you sign in to see the details.
        </p>
        <AppForm method="post">
          <TextInput
            name="digestTime"
            label="Time of your daily summary"
            hint="Emails you choose to get in a daily summary come together once a day at this time, for example 08:00"
            error={result?.errors?.digestTime}
            defaultValue={typeof values?.digestTime === "string" ? values.digestTime : digestTime}
            width="10"
          />
          <EmailChoices kinds={kinds} errors={result?.errors} values={values} digestLabel="In my daily summary" />
          <Button>Save your choices</Button>
        </AppForm>
      </div>
    </div>
  );
}

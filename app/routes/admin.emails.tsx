import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { EmailChoices } from "~/components/email-choices";
import { AppForm, Button, ErrorSummary } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { doneText, SuccessBanner } from "~/components/success-banner";
import { formValues } from "~/forms/parse-form";
import { requireActor } from "~/services/current-user.server";
import { agencyEmailSettings, clearAddressProblem, saveAgencyEmailDefaults } from "~/services/email-preferences.server";

export const meta: MetaFunction = () => pageTitle("Your agency's emails");

const DONE = {
  saved: "Your agency's defaults are saved",
  cleared: "The address is cleared: mail held for that person is being sent",
  gone: "That address was already cleared",
} as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return { ...agencyEmailSettings(actor), done: doneText(request, DONE) };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const values = formValues(await request.formData());
  if (values.intent === "clear")
    throw redirect(`/admin/emails?done=${clearAddressProblem(actor, values).ok ? "cleared" : "gone"}`);
  const result = saveAgencyEmailDefaults(actor, values);
  if (!result.ok) return data({ errors: result.errors, values: result.values }, { status: 400 });
  throw redirect("/admin/emails?done=saved");
}

export default function AgencyEmails() {
  const { agencyName, kinds, problems, done } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <SuccessBanner text={done} />
        <ErrorSummary errors={result?.errors} fieldOrder={["form", ...kinds.map((k) => `mode-${k.kind}`)]} />
        <span className="govuk-caption-l">{agencyName}</span>
        <h1 className="govuk-heading-l">Your agency&apos;s emails</h1>
        <h2 className="govuk-heading-m">Addresses that refused mail</h2>
        {problems.length === 0 ? (
          <p className="govuk-body">No address in your agency has refused mail.</p>
        ) : (
          <table className="govuk-table" data-testid="address-problems">
            <caption className="govuk-table__caption govuk-visually-hidden">Addresses that refused mail</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">
                  Person
                </th>
                <th scope="col" className="govuk-table__header">
                  Address
                </th>
                <th scope="col" className="govuk-table__header">
                  Refused
                </th>
                <th scope="col" className="govuk-table__header">
                  <span className="govuk-visually-hidden">Action</span>
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {problems.map((p) => (
                <tr className="govuk-table__row" key={p.id}>
                  <td className="govuk-table__cell">{p.name}</td>
                  <td className="govuk-table__cell">{p.address}</td>
                  <td className="govuk-table__cell">
                    {p.recorded} ({p.reason})
                  </td>
                  <td className="govuk-table__cell">
                    <AppForm method="post">
                      <input type="hidden" name="intent" value="clear" />
                      <input type="hidden" name="problemId" value={p.id} />
                      <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">
                        Address put right<span className="govuk-visually-hidden">: {p.name}</span>
                      </button>
                    </AppForm>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p className="govuk-body">
          Mail to these people is held until the address is put right (change it on their page) and cleared here.
        </p>
        <h2 className="govuk-heading-m">Defaults for your agency</h2>
        <p className="govuk-body">
          How your agency&apos;s people get each kind of email unless they choose otherwise under Your account.
        </p>
        <AppForm method="post">
          <input type="hidden" name="intent" value="defaults" />
          <EmailChoices
            kinds={kinds}
            errors={result?.errors}
            values={result?.values as Record<string, unknown> | undefined}
            digestLabel="In a daily summary"
          />
          <Button>Save the defaults</Button>
        </AppForm>
      </div>
    </div>
  );
}

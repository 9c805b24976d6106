import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AppForm, Button, Checkboxes, ErrorSummary, Radios, Select, TextInput } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { doneText, SuccessBanner } from "~/components/success-banner";
import { formValues } from "~/forms/parse-form";
import { requireActor } from "~/services/current-user.server";
import { createServiceAccount, revokeServiceAccount, serviceAccountsPage } from "~/services/service-accounts.server";

// /admin/service-accounts: an agency administrator's accounts for partner systems calling the JSON API (decision 0050).
export const meta: MetaFunction = () => pageTitle("API accounts");

const DONE = {
  revoked: "The token is revoked: calls with it are refused from now on",
  gone: "That account was already revoked",
} as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return { ...serviceAccountsPage(actor), done: doneText(request, DONE) };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const values = formValues(await request.formData());
  if (values.intent === "revoke")
    throw redirect(`/admin/service-accounts?done=${revokeServiceAccount(actor, values).ok ? "revoked" : "gone"}`);
  const result = createServiceAccount(actor, values);
  if (!result.ok) return data({ errors: result.errors, values: result.values, token: null }, { status: 400 });
  // Shown once, in this answer only: never stored, never in a redirect or a log.
  return { errors: undefined, values: undefined, token: result.token };
}

export default function ServiceAccounts() {
  const { agencyName, accounts, roles, scopes, expiries, done } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors;
  const values = (result?.values ?? {}) as Record<string, string | string[] | undefined>;
  const list = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <SuccessBanner text={done} />
        <ErrorSummary errors={errors} fieldOrder={["name", "role", "scopes", "expiresInDays"]} />
        {result?.token ? (
          <div className="govuk-panel govuk-panel--confirmation" data-testid="new-token">
            <h2 className="govuk-panel__title">Account created</h2>
            <div className="govuk-panel__body">
              Copy the token now: it is not shown again.
              <br />
              <code className="app-token">{result.token}</code>
            </div>
          </div>
        ) : null}
        <span className="govuk-caption-l">{agencyName}</span>
        <h1 className="govuk-heading-l">API accounts</h1>
        <p className="govuk-body">
          A partner system calls Concord&apos;s API (
          <a className="govuk-link" href="/api/v1/openapi.json">
            its description
          </a>
          ) with a token. It sees no more than a person of the role you give it in your agency, on no case team, and
          every call is recorded in the audit log.
        </p>
        {accounts.length === 0 ? (
          <p className="govuk-body">Your agency has no API accounts.</p>
        ) : (
          <table className="govuk-table" data-testid="service-accounts">
            <caption className="govuk-table__caption govuk-table__caption--m">Accounts</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">
                  System
                </th>
                <th scope="col" className="govuk-table__header">
                  Acts as
                </th>
                <th scope="col" className="govuk-table__header">
                  Token
                </th>
                <th scope="col" className="govuk-table__header">
                  <span className="govuk-visually-hidden">Action</span>
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {accounts.map((a) => (
                <tr className="govuk-table__row" key={a.id}>
                  <td className="govuk-table__cell">
                    {a.name}
                    <br />
                    <span className="govuk-hint govuk-!-margin-bottom-0">{a.scopes.join("; ")}</span>
                  </td>
                  <td className="govuk-table__cell">{a.roleLabel}</td>
                  <td className="govuk-table__cell">
                    <code>{a.tokenPrefix}…</code>
                    <br />
                    {a.revoked ? "Revoked" : a.expired ? `Expired ${a.expires}` : `Expires ${a.expires}`}
                    {a.lastUsed ? `; last used ${a.lastUsed}` : ""}
                  </td>
                  <td className="govuk-table__cell">
                    {a.revoked ? null : (
                      <AppForm method="post">
                        <input type="hidden" name="intent" value="revoke" />
                        <input type="hidden" name="id" value={a.id} />
                        <button type="submit" className="govuk-button govuk-button--warning govuk-!-margin-bottom-0">
                          Revoke<span className="govuk-visually-hidden"> the token of {a.name}</span>
                        </button>
                      </AppForm>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <h2 className="govuk-heading-m">Create an account</h2>
        <AppForm method="post">
          <input type="hidden" name="intent" value="create" />
          <TextInput
            name="name"
            label="Name of the partner system"
            hint="For example, the force's records system"
            error={errors?.name}
            defaultValue={typeof values.name === "string" ? values.name : ""}
            maxLength={80}
          />
          <Select
            name="role"
            label="Acts as"
            error={errors?.role}
            items={roles}
            value={typeof values.role === "string" ? values.role : ""}
            emptyText="Choose a role"
          />
          <Checkboxes
            name="scopes"
            legend="What it may do"
            error={errors?.scopes}
            items={scopes}
            values={list(values.scopes)}
            legendSize="s"
          />
          <Radios
            name="expiresInDays"
            legend="The token expires after"
            error={errors?.expiresInDays}
            items={expiries}
            value={typeof values.expiresInDays === "string" ? values.expiresInDays : "90"}
            legendSize="s"
            inline
          />
          <Button>Create the account</Button>
        </AppForm>
      </div>
    </div>
  );
}

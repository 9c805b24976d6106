import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { AppForm, Button, ErrorSummary } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { formatDateTime } from "~/domain/dates";
import { parseForm } from "~/forms/parse-form";
import { accountOverview, endMySession, signOutEverywhere } from "~/services/account.server";
import { requireActor } from "~/services/current-user.server";

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("end-session"), sessionId: z.string().min(1).max(100) }),
  z.object({ intent: z.literal("sign-out-everywhere") }),
]);

export const meta: MetaFunction = () => pageTitle("Your account");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return accountOverview(actor);
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const form = parseForm(await request.formData(), ActionSchema);
  if (!form.ok) return data({ errors: { form: "Choose a session to end" } }, { status: 400 });
  if (form.data.intent === "sign-out-everywhere") {
    const { cookie } = await signOutEverywhere(actor);
    throw redirect("/login?signedOut=1", { headers: { "Set-Cookie": cookie } });
  }
  const result = await endMySession(actor, form.data.sessionId);
  if (!result.ok) return data({ errors: { form: "That session has already ended" } }, { status: 400 });
  if (result.wasCurrent) throw redirect("/login?signedOut=1", { headers: { "Set-Cookie": result.cookie } });
  return { errors: undefined };
}

export default function Account() {
  const { sessions, mfaEnabled, recoveryCodesLeft } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <ErrorSummary errors={result?.errors} />
      <h1 className="govuk-heading-l">Your account</h1>
      <h2 className="govuk-heading-m">Authenticator app</h2>
      {mfaEnabled ? (
        <p className="govuk-body">
          Your authenticator app is set up. You have {recoveryCodesLeft} unused recovery codes.
        </p>
      ) : (
        <p className="govuk-body">
          You have not set up an authenticator app.{" "}
          <a className="govuk-link" href="/account/mfa/setup">
            Set up your authenticator app
          </a>
        </p>
      )}
      <h2 className="govuk-heading-m">Emails</h2>
      <p className="govuk-body">
        <a className="govuk-link" href="/account/emails">
          Choose which emails you get
        </a>
        , straight away or in a daily summary.
      </p>
      <h2 className="govuk-heading-m">Where you are signed in</h2>
      <table className="govuk-table" data-testid="sessions">
        <caption className="govuk-table__caption govuk-visually-hidden">Your sessions</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">
              Device
            </th>
            <th scope="col" className="govuk-table__header">
              Signed in
            </th>
            <th scope="col" className="govuk-table__header">
              Last active
            </th>
            <th scope="col" className="govuk-table__header">
              <span className="govuk-visually-hidden">Action</span>
            </th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {sessions.map((s) => (
            <tr className="govuk-table__row" key={s.key}>
              <td className="govuk-table__cell">
                {s.device}
                {s.current ? <strong className="govuk-tag govuk-tag--green app-tag-gap">This session</strong> : null}
              </td>
              <td className="govuk-table__cell">{formatDateTime(s.createdAt)}</td>
              <td className="govuk-table__cell">{formatDateTime(s.lastSeenAt)}</td>
              <td className="govuk-table__cell">
                <AppForm method="post">
                  <input type="hidden" name="intent" value="end-session" />
                  <input type="hidden" name="sessionId" value={s.key} />
                  <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">
                    End<span className="govuk-visually-hidden"> session on {s.device}</span>
                  </button>
                </AppForm>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <AppForm method="post" reloadDocument>
        <input type="hidden" name="intent" value="sign-out-everywhere" />
        <Button warning>Sign out everywhere</Button>
      </AppForm>
    </>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { SuccessBanner } from "~/components/success-banner";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { AppForm, Button, ErrorSummary } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { formatDateTime } from "~/domain/dates";
import { roleLabel } from "~/domain/roles";
import { parseForm } from "~/forms/parse-form";
import { getUser, resetPassword, resetSecondFactor, setUserStatus } from "~/services/accounts.server";
import { requireActor } from "~/services/current-user.server";

const ActionSchema = z.object({
  intent: z.enum(["suspend", "reenable", "reset-password", "reset-mfa"], {
    errorMap: () => ({ message: "Choose an action" }),
  }),
});

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data ? data.user.name : "Person");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return { user: getUser(actor, params.userId ?? ""), self: actor.userId === params.userId };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const form = parseForm(await request.formData(), ActionSchema);
  if (!form.ok) return data({ errors: form.errors }, { status: 400 });
  const userId = params.userId ?? "";
  const result =
    form.data.intent === "suspend"
      ? await setUserStatus(actor, userId, "suspended")
      : form.data.intent === "reenable"
        ? await setUserStatus(actor, userId, "active")
        : form.data.intent === "reset-password"
          ? await resetPassword(actor, userId)
          : await resetSecondFactor(actor, userId);
  if (!result.ok) return data({ errors: { intent: result.error } }, { status: 400 });
  const messages = {
    suspend: "Account suspended. Their sessions have ended",
    reenable: "Account re-enabled",
    "reset-password": "Password reset link created. Their sessions have ended",
    "reset-mfa": "Authenticator app reset. They will set it up again when they next sign in",
  };
  return {
    done: messages[form.data.intent],
    link: result.link ? new URL(result.link, request.url).toString() : undefined,
  };
}

export default function Person() {
  const { user, self } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result && "errors" in result ? result.errors : undefined;
  return (
    <>
      <ErrorSummary errors={errors} />
      {result && "done" in result ? (
        <SuccessBanner text={result.done}>
          {result.link ? (
            <p className="govuk-body">
              One-time link (expires in 3 days): <code data-testid="password-link">{result.link}</code>
            </p>
          ) : null}
        </SuccessBanner>
      ) : null}
      <span className="govuk-caption-l">{user.agencyName}</span>
      <h1 className="govuk-heading-l">{user.name}</h1>
      <dl className="govuk-summary-list">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Email</dt>
          <dd className="govuk-summary-list__value">{user.email}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Roles</dt>
          <dd className="govuk-summary-list__value">{user.roles.map(roleLabel).join(", ")}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Status</dt>
          <dd className="govuk-summary-list__value" data-testid="status">
            {user.status === "active" ? "Active" : "Suspended"}
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Authenticator app</dt>
          <dd className="govuk-summary-list__value">
            {user.totpEnabledAt ? `Set up on ${formatDateTime(user.totpEnabledAt)}` : "Not set up"}
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Account created</dt>
          <dd className="govuk-summary-list__value">{formatDateTime(user.createdAt)}</dd>
        </div>
      </dl>
      {self ? (
        <p className="govuk-body">You cannot change your own account here.</p>
      ) : (
        <div className="govuk-button-group">
          <AppForm method="post">
            <input type="hidden" name="intent" value="reset-password" />
            <Button secondary>Create a password reset link</Button>
          </AppForm>
          <AppForm method="post">
            <input type="hidden" name="intent" value="reset-mfa" />
            <Button secondary>Reset authenticator app</Button>
          </AppForm>
          <AppForm method="post">
            <input type="hidden" name="intent" value={user.status === "active" ? "suspend" : "reenable"} />
            {user.status === "active" ? <Button warning>Suspend account</Button> : <Button>Re-enable account</Button>}
          </AppForm>
        </div>
      )}
    </>
  );
}

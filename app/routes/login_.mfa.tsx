import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { AppForm, Button, ErrorSummary, TextInput } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { parseForm } from "~/forms/parse-form";
import { safeReturnTo } from "~/domain/return-to";
import { requireSession, secondFactorStep } from "~/services/current-user.server";
import { completeSignIn } from "~/services/mfa.server";

const CodeSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("totp"),
    code: z
      .string()
      .trim()
      .regex(/^\d{6}$/, "Enter the 6-digit code from your authenticator app"),
    returnTo: z.string().max(500).optional().catch(undefined),
  }),
  z.object({
    kind: z.literal("recovery"),
    code: z
      .string()
      .trim()
      .regex(/^[0-9a-f]{5}-?[0-9a-f]{5}$/i, "Enter a recovery code, like 1a2b3-4c5d6"),
    returnTo: z.string().max(500).optional().catch(undefined),
  }),
]);

const MESSAGES = {
  wrong: "The code is not correct. Check your authenticator app and try again",
  replayed: "That code has already been used. Wait for your app to show a new code",
  locked: "There have been too many wrong codes. Wait 15 minutes, then sign in again",
  slowed: "There have been many wrong codes for this account recently. Wait a minute and try again",
} as const;

export const meta: MetaFunction<typeof action> = ({ data }) => pageTitle("Enter your security code", data?.errors);

export async function loader({ request }: LoaderFunctionArgs) {
  const { session, user } = await requireSession(request);
  if (session.mfaVerified) throw redirect("/");
  if (secondFactorStep(user.id) !== "/login/mfa") throw redirect("/account/mfa/setup");
  return { recovery: new URL(request.url).searchParams.get("recovery") === "1" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { session, user } = await requireSession(request);
  if (session.mfaVerified) throw redirect("/");
  const form = parseForm(await request.formData(), CodeSchema);
  if (!form.ok) return data({ errors: { code: form.errors.code ?? "Enter your code" } }, { status: 400 });
  const result = await completeSignIn({
    userId: user.id,
    agencyId: user.agencyId,
    sessionId: session.id,
    code: form.data.code,
    kind: form.data.kind,
    userAgent: request.headers.get("user-agent"),
    clientIp: context.clientIp,
  });
  if (!result.ok)
    return data({ errors: { code: MESSAGES[result.error === "ok" ? "wrong" : result.error] } }, { status: 400 });
  throw redirect(safeReturnTo(form.data.returnTo), { headers: { "Set-Cookie": result.cookie } });
}

export default function SecondFactor() {
  const { recovery } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={result?.errors} />
        <AppForm method="post" reloadDocument>
          <input type="hidden" name="kind" value={recovery ? "recovery" : "totp"} />
          <input type="hidden" name="returnTo" value={params.get("returnTo") ?? ""} />
          {recovery ? (
            <TextInput
              name="code"
              label="Enter one of your recovery codes"
              labelSize="l"
              isPageHeading
              hint="Each recovery code works once."
              autoComplete="off"
              spellCheck={false}
              width="20"
              error={result?.errors.code}
            />
          ) : (
            <TextInput
              name="code"
              label="Enter the code from your authenticator app"
              labelSize="l"
              isPageHeading
              hint="The code is 6 digits. It changes every 30 seconds."
              autoComplete="one-time-code"
              inputMode="numeric"
              width="10"
              error={result?.errors.code}
            />
          )}
          <Button>Continue</Button>
        </AppForm>
        <p className="govuk-body">
          {recovery ? (
            <a className="govuk-link" href="/login/mfa">
              Use your authenticator app instead
            </a>
          ) : (
            <a className="govuk-link" href="/login/mfa?recovery=1">
              I cannot use my authenticator app: use a recovery code
            </a>
          )}
        </p>
      </div>
    </div>
  );
}

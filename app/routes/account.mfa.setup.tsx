import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { AppForm, Button, ErrorSummary, TextInput } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { parseForm } from "~/forms/parse-form";
import { requireSession } from "~/services/current-user.server";
import { beginEnrolment, confirmEnrolment } from "~/services/mfa.server";

const ConfirmSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, "Enter the 6-digit code from your authenticator app"),
});

const MESSAGES = {
  wrong: "The code is not correct. Check the key was entered correctly and try the newest code",
  replayed: "That code has already been used. Wait for your app to show a new code",
  locked: "There have been too many wrong codes. Wait 15 minutes and try again",
  slowed: "There have been many wrong codes for this account recently. Wait a minute and try again",
} as const;

export const meta: MetaFunction<typeof action> = ({ data }) =>
  pageTitle("Set up your authenticator app", data && "errors" in data ? data.errors : undefined);

// A confirmed enrolment replaces the session, so the loaders that Remix runs after the action in the same
// (no-JavaScript, document) request still carry the old, ended session cookie. Marking the request's context
// lets this loader step aside instead of sending the person to sign in (which also threw away the new cookie
// and the recovery codes that are shown only once).
const enrolledInThisRequest = new WeakSet<object>();

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (enrolledInThisRequest.has(context)) return { enrolment: { alreadyEnabled: true as const }, required: false };
  const { user, session } = await requireSession(request);
  return { enrolment: await beginEnrolment(user.id), required: !session.mfaVerified };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, session } = await requireSession(request);
  const form = parseForm(await request.formData(), ConfirmSchema);
  if (!form.ok) return data({ errors: form.errors }, { status: 400 });
  const result = await confirmEnrolment({
    userId: user.id,
    agencyId: user.agencyId,
    sessionId: session.id,
    code: form.data.code,
    userAgent: request.headers.get("user-agent"),
    clientIp: context.clientIp,
  });
  if (!result.ok)
    return data({ errors: { code: MESSAGES[result.error === "ok" ? "wrong" : result.error] } }, { status: 400 });
  enrolledInThisRequest.add(context);
  return data({ codes: result.codes }, { headers: { "Set-Cookie": result.cookie } });
}

export default function MfaSetup() {
  const { enrolment, required } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (result && "codes" in result) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <div className="govuk-panel govuk-panel--confirmation">
            <h1 className="govuk-panel__title">Your authenticator app is set up</h1>
          </div>
          <h2 className="govuk-heading-m">Save your recovery codes</h2>
          <p className="govuk-body">
            If you lose your phone, each of these codes lets you sign in once. Keep them somewhere safe. They will not
            be shown again.
          </p>
          <ul className="govuk-list app-recovery-codes" data-testid="recovery-codes">
            {result.codes.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
          <a className="govuk-button" href="/">
            Continue to your home page
          </a>
        </div>
      </div>
    );
  }
  if (enrolment.alreadyEnabled) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">Your authenticator app is already set up</h1>
          <p className="govuk-body">
            To move to a new phone, ask your agency administrator to reset your authenticator app. You will then set it
            up again when you next sign in.
          </p>
        </div>
      </div>
    );
  }
  const errors = result && "errors" in result ? result.errors : undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <h1 className="govuk-heading-l">Set up your authenticator app</h1>
        {required ? (
          <p className="govuk-body">
            Concord needs a second check when you sign in. You need to do this once before you continue.
          </p>
        ) : null}
        <ol className="govuk-list govuk-list--number">
          <li>Open an authenticator app on your work phone.</li>
          <li>Scan the QR code, or enter the key below by hand.</li>
          <li>Enter the 6-digit code the app shows.</li>
        </ol>
        <img
          className="app-qr-code"
          src={enrolment.qrCodeDataUrl}
          alt="QR code for your authenticator app. If you cannot scan it, enter the key shown below."
        />
        <p className="govuk-body">
          Key:{" "}
          <code className="app-manual-key" data-testid="manual-key">
            {enrolment.manualKey}
          </code>
        </p>
        <AppForm method="post" reloadDocument>
          <TextInput
            name="code"
            label="Code from your authenticator app"
            autoComplete="one-time-code"
            inputMode="numeric"
            width="10"
            error={errors?.code}
          />
          <Button>Confirm</Button>
        </AppForm>
      </div>
    </div>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { SuccessBanner } from "~/components/success-banner";
import { useActionData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { AppForm, Button, ErrorSummary, TextInput } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { parseForm } from "~/forms/parse-form";
import { optionalActor } from "~/services/current-user.server";
import { signIn } from "~/services/sign-in.server";

const SignInSchema = z.object({
  email: z.string().trim().min(1, "Enter your email address").max(254, "Email address must be 254 characters or fewer"),
  password: z.string().min(1, "Enter your password").max(128, "Password must be 128 characters or fewer"),
  // A bad return address is not the person's mistake: it is dropped (safeReturnTo sends them home), never an error.
  returnTo: z.string().max(500).optional().catch(undefined),
});

// One message for every failed sign-in, so nobody can learn which accounts exist or are locked.
export const SIGN_IN_FAILED =
  "Enter a correct email address and password. After 5 failed attempts the account cannot be signed in to from your network for 15 minutes.";
const RATE_LIMITED = "There have been too many attempts to sign in from your network. Wait 15 minutes and try again.";
// Said the same whether or not the account exists (unknown emails are slowed alike), so it reveals nothing.
const SLOWED = "There have been many failed attempts to sign in to this account recently. Wait a minute and try again.";

export const meta: MetaFunction<typeof action> = ({ data }) => pageTitle("Sign in", data?.errors);

export async function loader({ request }: LoaderFunctionArgs) {
  if (await optionalActor(request)) throw redirect("/");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = parseForm(await request.formData(), SignInSchema);
  if (!form.ok)
    return data({ errors: form.errors, email: String(form.values.email ?? "").slice(0, 254) }, { status: 400 });
  const result = await signIn({
    ...form.data,
    clientIp: context.clientIp,
    userAgent: request.headers.get("user-agent"),
  });
  if (!result.ok) {
    const status = result.reason === "invalid" ? 401 : 429;
    const errors: Record<string, string> = {
      email: result.reason === "rate-limited" ? RATE_LIMITED : result.reason === "slowed" ? SLOWED : SIGN_IN_FAILED,
    };
    return data({ errors, email: form.data.email }, { status });
  }
  throw redirect(result.next, { headers: { "Set-Cookie": result.cookie } });
}

export default function SignIn() {
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const banner = params.get("passwordSet")
    ? "Your password has been saved. Sign in with it now"
    : params.get("signedOut")
      ? "You have signed out"
      : null;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={result?.errors} fieldOrder={["email", "password"]} />
        {banner ? <SuccessBanner text={banner} /> : null}
        <h1 className="govuk-heading-l">Sign in to Concord</h1>
        <p className="govuk-body">Use the email address your agency administrator set up for you.</p>
        <AppForm method="post" reloadDocument>
          <input type="hidden" name="returnTo" value={params.get("returnTo") ?? ""} />
          <TextInput
            name="email"
            label="Email address"
            type="email"
            autoComplete="username"
            spellCheck={false}
            defaultValue={result?.email}
            error={result?.errors.email}
          />
          <TextInput
            name="password"
            label="Password"
            type="password"
            autoComplete="current-password"
            error={result?.errors.password}
          />
          <Button>Sign in</Button>
        </AppForm>
        <h2 className="govuk-heading-m">Problems signing in</h2>
        <p className="govuk-body">
          Your agency administrator can send you a link to set a new password, or reset your authenticator app.
        </p>
      </div>
    </div>
  );
}

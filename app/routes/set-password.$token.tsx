import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { AppForm, Button, ErrorSummary, TextInput } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { MIN_PASSWORD_LENGTH } from "~/domain/password-policy";
import { parseForm } from "~/forms/parse-form";
import { checkPasswordLink, setPasswordWithLink } from "~/services/password-links.server";

const PasswordSchema = z
  .object({
    password: z.string().min(1, "Enter a new password").max(128, "Password must be 128 characters or fewer"),
    confirm: z.string().min(1, "Confirm your new password").max(128, "Password must be 128 characters or fewer"),
  })
  .refine((v) => v.password === v.confirm, { message: "The passwords do not match", path: ["confirm"] });

export const meta: MetaFunction<typeof action> = ({ data }) => pageTitle("Set your password", data?.errors);

export async function loader({ params }: LoaderFunctionArgs) {
  return checkPasswordLink(params.token ?? "");
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = parseForm(await request.formData(), PasswordSchema);
  if (!form.ok) return data({ errors: form.errors }, { status: 400 });
  const result = await setPasswordWithLink(params.token ?? "", form.data.password);
  if (!result.ok) {
    const message =
      result.error === "link"
        ? "This link has expired or has already been used. Ask your agency administrator for a new one"
        : result.message;
    const errors: Record<string, string> = { password: message };
    return data({ errors }, { status: 400 });
  }
  throw redirect("/login?passwordSet=1");
}

export default function SetPassword() {
  const link = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (!link.usable) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">This link cannot be used</h1>
          <p className="govuk-body">
            It may have expired or already been used. Ask your agency administrator for a new link.
          </p>
        </div>
      </div>
    );
  }
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={result?.errors} fieldOrder={["password", "confirm"]} />
        <h1 className="govuk-heading-l">
          {link.purpose === "new-account" ? "Create your password" : "Set a new password"}
        </h1>
        <p className="govuk-body">
          Use at least {MIN_PASSWORD_LENGTH} characters. A few unrelated words together make a strong password that is
          easy to remember. Do not use your email address.
        </p>
        <AppForm method="post" reloadDocument>
          <TextInput
            name="password"
            label="New password"
            type="password"
            autoComplete="new-password"
            error={result?.errors.password}
          />
          <TextInput
            name="confirm"
            label="Confirm new password"
            type="password"
            autoComplete="new-password"
            error={result?.errors.confirm}
          />
          <Button>Save password</Button>
        </AppForm>
      </div>
    </div>
  );
}

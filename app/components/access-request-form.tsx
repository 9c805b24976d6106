import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { AppForm, Button, TextArea } from "./forms";

/**
 * The form of every "Request access" page (a case, a record, a person found): whatever the page asks first
 * (`children`), then why, which the agency's supervisors read, then the way back.
 */
export function AccessRequestForm({
  reasonLabel,
  reason,
  error,
  back,
  children,
}: {
  reasonLabel: string;
  reason: string | undefined;
  error: string | undefined;
  back: { to: string; text: string };
  children?: ReactNode;
}) {
  return (
    <>
      <AppForm method="post">
        {children}
        <TextArea
          name="reason"
          label={reasonLabel}
          labelSize="m"
          hint="Say what you need and why. The agency's supervisors will read this. Between 20 and 2,000 characters."
          error={error}
          defaultValue={reason}
          rows={6}
        />
        <Button>Send request</Button>
      </AppForm>
      <p className="govuk-body">
        <Link className="govuk-link" to={back.to}>
          {back.text}
        </Link>
      </p>
    </>
  );
}

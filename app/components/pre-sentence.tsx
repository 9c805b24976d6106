import { AppForm, Button, TextArea } from "~/components/forms";
import { formatDate } from "~/domain/dates";
import { PSR_STATE_LABELS, REQUEST_STATUS_LABELS, type PsrState, type RequestStatus } from "~/domain/pre-sentence";

const STATE_TAGS: Record<PsrState, string> = {
  draft: "govuk-tag--grey",
  submitted: "govuk-tag--blue",
  signed_off: "govuk-tag--green",
};
const REQUEST_TAGS: Record<RequestStatus, string> = {
  open: "govuk-tag--yellow",
  answered: "govuk-tag--green",
  declined: "govuk-tag--red",
  withdrawn: "govuk-tag--grey",
};

/** Where a pre-sentence report is: draft, waiting for sign-off or signed off. */
export function PsrStateTag({ state }: { state: PsrState }) {
  return (
    <strong className={`govuk-tag ${STATE_TAGS[state]}`} data-testid="psr-state">
      {PSR_STATE_LABELS[state]}
    </strong>
  );
}

export function RequestStatusTag({ status }: { status: RequestStatus }) {
  return <strong className={`govuk-tag ${REQUEST_TAGS[status]}`}>{REQUEST_STATUS_LABELS[status]}</strong>;
}

/** A due date, with an "Overdue" tag once it has passed. */
export function DueDate({ dueOn, overdue }: { dueOn: string; overdue: boolean }) {
  return (
    <>
      {formatDate(dueOn)}
      {overdue ? <strong className="govuk-tag govuk-tag--red govuk-!-margin-left-1">Overdue</strong> : null}
    </>
  );
}

/** "From: <source>, <agency>, <author>, <date>" (or "Adapted from: ..." once the author changed it) under a pulled statement or a partner's contribution. */
export function ProvenanceLine({
  provenance,
  adapted = false,
}: {
  provenance: { label: string; agency: string; author: string; date: string };
  adapted?: boolean;
}) {
  const parts = [
    provenance.label,
    provenance.agency,
    provenance.author,
    provenance.date ? formatDate(provenance.date) : "",
  ].filter(Boolean);
  return (
    <p className="govuk-body-s app-secondary-text" data-testid="provenance">
      {adapted ? "Adapted from" : "From"}: {parts.join(", ")}
    </p>
  );
}

/** The senior probation officer's decision: sign off, or return with what needs to change (case page and sign-off page). */
export function SignOffForms({ reason, reasonError }: { reason: string | undefined; reasonError: string | undefined }) {
  return (
    <section aria-labelledby="sign-off-heading" className="app-no-print" data-testid="sign-off">
      <h2 className="govuk-heading-m" id="sign-off-heading">
        Sign off
      </h2>
      <p className="govuk-body">
        Signing off lets the author send it to the court. It can then no longer be changed, and any questions still
        waiting for an answer are withdrawn.
      </p>
      <AppForm method="post">
        <Button name="intent" value="sign_off">
          Sign off
        </Button>
      </AppForm>
      <AppForm method="post">
        <TextArea
          name="reason"
          label="Or return it to the author: what needs to change"
          labelSize="s"
          rows={3}
          defaultValue={reason}
          error={reasonError}
        />
        <Button name="intent" value="return" secondary>
          Return for changes
        </Button>
      </AppForm>
    </section>
  );
}

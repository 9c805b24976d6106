import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AppForm, Button, ErrorSummary, Radios, TextArea, TextInput } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { doneText, SuccessBanner } from "~/components/success-banner";
import { TableContainer } from "~/components/table-container";
import { formatDate } from "~/domain/dates";
import { LEGAL_HOLD_KIND_LABELS, LEGAL_HOLD_KINDS } from "~/domain/retention";
import { formValues } from "~/forms/parse-form";
import { requireActor } from "~/services/current-user.server";
import { liftLegalHold, listLegalHolds, placeLegalHold } from "~/services/retention-reviews.server";

export const meta: MetaFunction = () => pageTitle("Legal holds");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return {
    holds: listLegalHolds(actor),
    done: doneText(request, { placed: "The case is on legal hold", lifted: "The legal hold is lifted" }),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const values = formValues(await request.formData());
  if (values.intent === "lift") {
    if (!values.holdId)
      return data(
        {
          errors: { holdId: "Select the case whose hold you are lifting" } as Record<string, string>,
          values,
          holdId: "none",
        },
        { status: 400 },
      );
    const lifted = liftLegalHold(actor, String(values.holdId), values);
    if (!lifted.ok)
      return data(
        { errors: lifted.errors, values: lifted.values, holdId: String(values.holdId ?? "") },
        { status: 400 },
      );
    throw redirect("/retention/holds?done=lifted");
  }
  const placed = placeLegalHold(actor, values);
  if (!placed.ok) return data({ errors: placed.errors, values: placed.values, holdId: null }, { status: 400 });
  throw redirect("/retention/holds?done=placed");
}

export default function LegalHolds() {
  const { holds, done } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const placing = result && !result.holdId ? result : undefined;
  const lifting = result?.holdId ? result : undefined;
  const v = (placing?.values ?? {}) as Record<string, string>;
  const liftable = holds.filter((h) => h.canLift);
  return (
    <>
      <SuccessBanner text={done} />
      <ErrorSummary errors={result?.errors} fieldOrder={["holdId", "liftReason", "caseReference", "kind", "reason"]} />
      <h1 className="govuk-heading-l">Legal holds</h1>
      <p className="govuk-body">
        While a case is on legal hold nothing on it is anonymised or deleted, and the schedule run does not bring its
        records for review.
      </p>
      {holds.length === 0 ? (
        <p className="govuk-body">No case is on legal hold.</p>
      ) : (
        <TableContainer label="Cases on legal hold">
          <table className="govuk-table" data-testid="legal-holds">
            <caption className="govuk-table__caption govuk-table__caption--m">Cases on legal hold</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">
                  Case
                </th>
                <th scope="col" className="govuk-table__header">
                  Why
                </th>
                <th scope="col" className="govuk-table__header">
                  Placed
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {holds.map((h) => (
                <tr className="govuk-table__row" key={h.id}>
                  <td className="govuk-table__cell">{h.caseReference}</td>
                  <td className="govuk-table__cell">
                    {h.kindLabel}: {h.reason}
                  </td>
                  <td className="govuk-table__cell">
                    {formatDate(h.placedAt)} by {h.placedByName} ({h.placedByAgency})
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableContainer>
      )}
      {liftable.length > 0 ? (
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <h2 className="govuk-heading-m">Lift a hold your agency placed</h2>
            <AppForm method="post" noValidate>
              <input type="hidden" name="intent" value="lift" />
              <Radios
                name="holdId"
                legend="The case"
                legendSize="s"
                items={liftable.map((h) => ({ value: h.id, text: h.caseReference }))}
                value={lifting?.holdId === "none" ? undefined : lifting?.holdId}
                error={lifting?.errors.holdId}
              />
              <TextArea
                name="liftReason"
                label="Why the hold is lifted"
                defaultValue={(lifting?.values as Record<string, string> | undefined)?.liftReason}
                error={lifting?.errors.liftReason}
                rows={2}
              />
              <Button secondary>Lift the hold</Button>
            </AppForm>
          </div>
        </div>
      ) : null}
      <h2 className="govuk-heading-m">Place a case on legal hold</h2>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <AppForm method="post" noValidate>
            <input type="hidden" name="intent" value="place" />
            <TextInput
              name="caseReference"
              label="Case reference"
              hint="For example, NS-2026-00001"
              width="20"
              defaultValue={v.caseReference}
              error={placing?.errors.caseReference}
            />
            <Radios
              name="kind"
              legend="Why the case is held"
              items={LEGAL_HOLD_KINDS.map((k) => ({ value: k, text: LEGAL_HOLD_KIND_LABELS[k] }))}
              value={v.kind}
              error={placing?.errors.kind}
              legendSize="s"
            />
            <TextArea
              name="reason"
              label="Details"
              hint="The proceedings or body, and any reference"
              defaultValue={v.reason}
              error={placing?.errors.reason}
              rows={3}
            />
            <Button>Place the hold</Button>
          </AppForm>
        </div>
      </div>
    </>
  );
}

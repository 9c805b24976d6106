import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { CaseHeader } from "~/components/case-header";
import { AppForm, Button, ErrorSummary, HintAndError, Radios } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { SuccessBanner } from "~/components/success-banner";
import { formatDate } from "~/domain/dates";
import { formValues } from "~/forms/parse-form";
import { addMember, caseTeam, removeMember } from "~/services/case-team.server";
import { requireActor } from "~/services/current-user.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `Case team: case ${data.case.reference}` : "Case team");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const url = new URL(request.url);
  const team = caseTeam(actor, params.caseId ?? "");
  // The address carries a user id; the banner names them only if the change it reports is what the team shows.
  const added = team.members.find((m) => m.userId === url.searchParams.get("added"));
  const removedId = url.searchParams.get("removed");
  const removed = team.members.some((m) => m.userId === removedId)
    ? undefined
    : team.past.find((m) => m.userId === removedId);
  const done = added
    ? `${added.name} was added to the case team and has been told`
    : removed
      ? `${removed.name} was removed from the case team`
      : null;
  return { ...team, done };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const values = formValues(await request.formData());
  const caseId = params.caseId ?? "";
  if (values.intent === "remove") {
    const result = removeMember(actor, caseId, values);
    if (!result.ok)
      return data({ errors: result.errors, values: {} as Record<string, string | string[]> }, { status: 400 });
    throw redirect(`/cases/${caseId}/team?removed=${encodeURIComponent(result.userId)}`);
  }
  const result = addMember(actor, caseId, values);
  if (!result.ok) return data({ errors: result.errors, values: result.values }, { status: 400 });
  throw redirect(`/cases/${caseId}/team?added=${encodeURIComponent(result.userId)}`);
}

export default function CaseTeam() {
  const { case: c, members, past, canManage, candidates, roles, done } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors;
  const v = result?.values ?? {};
  const text = (name: string) => (typeof v[name] === "string" ? (v[name] as string) : undefined);
  return (
    <>
      <ErrorSummary errors={errors} fieldOrder={["userId", "roleInCase", "form"]} />
      {!errors ? <SuccessBanner text={done} /> : null}
      <CaseHeader c={c} title="Case team" />
      <p className="govuk-body">
        Everyone on the team sees the case core. What else each person sees depends on their agency and the information
        sharing agreements.
      </p>
      <table className="govuk-table" data-testid="team-members">
        <caption className="govuk-table__caption govuk-table__caption--m">Current members</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">
              Name
            </th>
            <th scope="col" className="govuk-table__header">
              Role in the case
            </th>
            <th scope="col" className="govuk-table__header">
              Agency
            </th>
            <th scope="col" className="govuk-table__header">
              Added
            </th>
            {canManage ? (
              <th scope="col" className="govuk-table__header">
                <span className="govuk-visually-hidden">Action</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {members.map((m) => (
            <tr className="govuk-table__row" key={`${m.userId}-${m.addedAt}`} data-testid="member">
              <td className="govuk-table__cell">
                {m.name}
                <br />
                <span className="govuk-body-s app-wrap-anywhere">{m.email}</span>
              </td>
              <td className="govuk-table__cell">{m.roleLabel}</td>
              <td className="govuk-table__cell">{m.agency}</td>
              <td className="govuk-table__cell">{formatDate(m.addedAt)}</td>
              {canManage ? (
                <td className="govuk-table__cell">
                  <AppForm method="post">
                    <input type="hidden" name="intent" value="remove" />
                    <input type="hidden" name="userId" value={m.userId} />
                    <Button warning>
                      Remove<span className="govuk-visually-hidden"> {m.name} from the team</span>
                    </Button>
                  </AppForm>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>

      {canManage ? (
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <h2 className="govuk-heading-m">Add someone to the team</h2>
            <p className="govuk-body">They will be told, and will see the case as soon as they next open a page.</p>
            <AppForm method="post">
              <input type="hidden" name="intent" value="add" />
              <div className={`govuk-form-group${errors?.userId ? " govuk-form-group--error" : ""}`}>
                <label className="govuk-label" htmlFor="userId">
                  Person
                </label>
                <HintAndError
                  hintId="userId-hint"
                  hint="People who work on cases, listed by agency"
                  errorId={errors?.userId ? "userId-error" : undefined}
                  error={errors?.userId}
                />
                <select
                  className={`govuk-select${errors?.userId ? " govuk-select--error" : ""}`}
                  id="userId"
                  name="userId"
                  defaultValue={text("userId") ?? ""}
                  aria-describedby={["userId-hint", errors?.userId ? "userId-error" : ""].filter(Boolean).join(" ")}
                >
                  <option value="">Select a person</option>
                  {candidates.map((g) => (
                    <optgroup label={g.agency} key={g.agency}>
                      {g.people.map((p) => (
                        <option value={p.id} key={p.id}>
                          {p.name}, {p.roles.join(", ")} – {p.email}
                        </option>
                      ))}
                    </optgroup>
                  ))}
                </select>
              </div>
              <Radios
                name="roleInCase"
                legend="Their role in the case"
                legendSize="s"
                value={text("roleInCase")}
                error={errors?.roleInCase}
                items={roles}
              />
              <Button>Add to the team</Button>
            </AppForm>
          </div>
        </div>
      ) : null}

      {past.length ? (
        <table className="govuk-table" data-testid="past-members">
          <caption className="govuk-table__caption govuk-table__caption--m">People who have left the team</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Name
              </th>
              <th scope="col" className="govuk-table__header">
                Role in the case
              </th>
              <th scope="col" className="govuk-table__header">
                Agency
              </th>
              <th scope="col" className="govuk-table__header">
                On the team
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {past.map((m) => (
              <tr className="govuk-table__row" key={`${m.userId}-${m.addedAt}`}>
                <td className="govuk-table__cell">{m.name}</td>
                <td className="govuk-table__cell">{m.roleLabel}</td>
                <td className="govuk-table__cell">{m.agency}</td>
                <td className="govuk-table__cell">
                  {formatDate(m.addedAt)} to {m.removedAt ? formatDate(m.removedAt) : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AppForm, Button, ErrorSummary, TextInput } from "~/components/forms";
import { parseForm } from "~/forms/parse-form";
import { pageTitle } from "~/components/page-title";
import { AGENCY_TYPE_LABELS, isAgencyType } from "~/domain/agencies";
import { roleLabel } from "~/domain/roles";
import { rolesAssignableBy } from "~/access/workflow-roles";
import { listUsers } from "~/services/accounts.server";
import { canManageTeams, createTeam, getAgency, NewTeamSchema } from "~/services/agencies.server";
import { requireActor } from "~/services/current-user.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `People in ${data.agency.name}` : "Agency");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const agency = getAgency(actor, params.agencyId ?? "");
  return {
    agency,
    people: listUsers(actor, agency.id),
    canAdd: rolesAssignableBy(actor, agency.type).length > 0,
    canManageTeams: canManageTeams(actor, agency.id),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const form = parseForm(await request.formData(), NewTeamSchema);
  if (!form.ok) return data({ errors: form.errors }, { status: 400 });
  const result = createTeam(actor, params.agencyId ?? "", form.data);
  if (!result.ok) return data({ errors: result.errors }, { status: 400 });
  return { errors: undefined, added: form.data.teamName };
}

export default function AgencyPeople() {
  const { agency, people, canAdd, canManageTeams } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <ErrorSummary errors={result?.errors} />
      <span className="govuk-caption-l">
        {isAgencyType(agency.type) ? AGENCY_TYPE_LABELS[agency.type] : agency.type}
      </span>
      <h1 className="govuk-heading-l">People in {agency.name}</h1>
      {canAdd ? (
        <Link to={`/admin/agencies/${agency.id}/users/new`} className="govuk-button">
          Add a person
        </Link>
      ) : null}
      {people.length === 0 ? (
        <p className="govuk-body">There is nobody in this agency yet.</p>
      ) : (
        <table className="govuk-table" data-testid="people">
          <caption className="govuk-table__caption govuk-visually-hidden">People</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Name
              </th>
              <th scope="col" className="govuk-table__header">
                Email
              </th>
              <th scope="col" className="govuk-table__header">
                Roles
              </th>
              <th scope="col" className="govuk-table__header">
                Status
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {people.map((p) => (
              <tr className="govuk-table__row" key={p.id}>
                <td className="govuk-table__cell">
                  <Link className="govuk-link" to={`/admin/users/${p.id}`}>
                    {p.name}
                  </Link>
                </td>
                <td className="govuk-table__cell">{p.email}</td>
                <td className="govuk-table__cell">{p.roles.map(roleLabel).join(", ")}</td>
                <td className="govuk-table__cell">
                  <strong className={`govuk-tag ${p.status === "active" ? "govuk-tag--green" : "govuk-tag--grey"}`}>
                    {p.status === "active" ? "Active" : "Suspended"}
                  </strong>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2 className="govuk-heading-m">Teams</h2>
      {agency.teams.length ? (
        <ul className="govuk-list govuk-list--bullet" data-testid="teams">
          {agency.teams.map((t) => (
            <li key={t.id}>{t.name}</li>
          ))}
        </ul>
      ) : (
        <p className="govuk-body">This agency has no teams yet.</p>
      )}
      {canManageTeams ? (
        <AppForm method="post">
          <TextInput name="teamName" label="Add a team" labelSize="s" width="30" error={result?.errors?.teamName} />
          <Button secondary>Add team</Button>
        </AppForm>
      ) : null}
    </>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AppForm, Button, Checkboxes, ErrorSummary, Select, TextInput } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { roleLabel } from "~/domain/roles";
import { parseForm } from "~/forms/parse-form";
import { rolesAssignableBy } from "~/access/workflow-roles";
import { createUser, NewUserSchema } from "~/services/accounts.server";
import { getAgency } from "~/services/agencies.server";
import { requireActor } from "~/services/current-user.server";

export const meta: MetaFunction<typeof action> = ({ data }) =>
  pageTitle("Add a person", data && "errors" in data ? data.errors : undefined);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const agency = getAgency(actor, params.agencyId ?? "");
  const roles = rolesAssignableBy(actor, agency.type);
  if (roles.length === 0) throw new Response("Forbidden", { status: 403 });
  return {
    agency: { id: agency.id, name: agency.name, teams: agency.teams },
    roles: roles.map((r) => ({ value: r, text: roleLabel(r) })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const form = parseForm(await request.formData(), NewUserSchema);
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  const result = createUser(actor, params.agencyId ?? "", form.data);
  if (!result.ok) return data({ errors: result.errors, values: form.data as Record<string, unknown> }, { status: 400 });
  return {
    created: { userId: result.userId, name: form.data.name, link: new URL(result.link, request.url).toString() },
  };
}

export default function NewPerson() {
  const { agency, roles } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (result && "created" in result) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <div className="govuk-panel govuk-panel--confirmation">
            <h1 className="govuk-panel__title">Account created</h1>
          </div>
          <p className="govuk-body">
            Give {result.created.name} this link so they can create their password. It works once and expires in 3 days.
            Send it by a route your agency trusts.
          </p>
          <p className="govuk-body">
            <code data-testid="password-link">{result.created.link}</code>
          </p>
          <p className="govuk-body">
            <a className="govuk-link" href={`/admin/agencies/${agency.id}`}>
              Back to people in {agency.name}
            </a>
          </p>
        </div>
      </div>
    );
  }
  const errors = result && "errors" in result ? result.errors : undefined;
  const values = (result && "values" in result ? result.values : {}) as Record<string, string | string[] | undefined>;
  const chosenRoles = Array.isArray(values.roles) ? values.roles : values.roles ? [values.roles] : [];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} fieldOrder={["name", "email", "teamId", "roles"]} />
        <span className="govuk-caption-l">{agency.name}</span>
        <h1 className="govuk-heading-l">Add a person</h1>
        <AppForm method="post">
          <TextInput
            name="name"
            label="Full name"
            autoComplete="off"
            defaultValue={values.name as string | undefined}
            error={errors?.name}
          />
          <TextInput
            name="email"
            label="Work email address"
            type="email"
            autoComplete="off"
            spellCheck={false}
            defaultValue={values.email as string | undefined}
            error={errors?.email}
          />
          {agency.teams.length ? (
            <Select
              name="teamId"
              label="Team (optional)"
              emptyText="No team"
              value={values.teamId as string | undefined}
              error={errors?.teamId}
              items={agency.teams.map((t) => ({ value: t.id, text: t.name }))}
            />
          ) : null}
          <Checkboxes
            name="roles"
            legend="Roles"
            hint="Select all that apply. Roles decide what the person can see."
            values={chosenRoles}
            error={errors?.roles}
            items={roles}
          />
          <Button>Create account</Button>
        </AppForm>
      </div>
    </div>
  );
}

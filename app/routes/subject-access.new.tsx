import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { DateInput } from "~/components/date-input";
import { AppForm, Button, ErrorSummary, Radios } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { SubjectFinder } from "~/components/subject-finder";
import { formatDate } from "~/domain/dates";
import { formValues } from "~/forms/parse-form";
import { requireActor } from "~/services/current-user.server";
import { findSubjects, startSubjectAccess } from "~/services/subject-access.server";

export const meta: MetaFunction = () => pageTitle("Start a subject access request");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const q = new URL(request.url).searchParams.get("q");
  if (q === null) return { q: "", people: null, errors: undefined };
  const found = findSubjects(actor, q);
  if (!found.ok) return data({ q: q.slice(0, 200), people: null, errors: found.errors }, { status: 400 });
  return { q, people: found.people, errors: undefined };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const started = startSubjectAccess(actor, formValues(await request.formData()));
  if (!started.ok) return data({ errors: started.errors, values: started.values }, { status: 400 });
  throw redirect(`/subject-access/${started.id}`);
}

export default function StartSubjectAccess() {
  const { q, people, errors } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const v = (result?.values ?? {}) as Record<string, string>;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={result?.errors ?? errors} fieldOrder={["q", "personId", "receivedOn"]} />
        <h1 className="govuk-heading-l">Start a subject access request</h1>
        <SubjectFinder q={q} error={errors?.q} />
        {people && people.length === 0 ? <p className="govuk-body">No one known to the partnership matches.</p> : null}
        {people && people.length > 0 ? (
          <AppForm method="post" noValidate>
            <Radios
              name="personId"
              legend="The person the request is from"
              value={v.personId}
              error={result?.errors.personId}
              items={people.map((p) => ({
                value: p.personId,
                text: p.name,
                hint: `${p.dateOfBirth ? `Born ${formatDate(p.dateOfBirth)}. ` : ""}Known as ${p.partyRoles} in ${p.cases} ${p.cases === 1 ? "case" : "cases"}`,
              }))}
            />
            <DateInput
              name="receivedOn"
              legend="When the request was received"
              hint="For example, 1 12 2026. The month to answer runs from this day."
              error={result?.errors.receivedOn}
              value={{ day: v["receivedOn-day"], month: v["receivedOn-month"], year: v["receivedOn-year"] }}
            />
            <Button>Start the request</Button>
          </AppForm>
        ) : null}
      </div>
    </div>
  );
}

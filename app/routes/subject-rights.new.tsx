import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { DateInput } from "~/components/date-input";
import { AppForm, Button, Checkboxes, ErrorSummary, Radios, TextArea } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { SubjectFinder } from "~/components/subject-finder";
import { formatDate } from "~/domain/dates";
import { rightsUnder, SUBJECT_RIGHT_LABELS } from "~/domain/subject-rights";
import { formValues } from "~/forms/parse-form";
import { requireActor } from "~/services/current-user.server";
import { findSubjects } from "~/services/subject-access.server";
import { recordsAbout, requireMayRecordSubjectRights, startSubjectRights } from "~/services/subject-rights.server";

export const meta: MetaFunction = () => pageTitle("Record a rectification, objection or restriction request");

// Two steps on one page: find the person (GET ?q=), then, with ?personId=, the request against their records.
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  requireMayRecordSubjectRights(actor);
  const url = new URL(request.url);
  const personId = url.searchParams.get("personId");
  if (personId)
    return {
      q: "",
      people: null,
      errors: undefined,
      person: { id: personId, ...recordsAbout(actor, personId.slice(0, 64)) },
    };
  const q = url.searchParams.get("q");
  if (q === null) return { q: "", people: null, errors: undefined, person: null };
  const found = findSubjects(actor, q);
  if (!found.ok) return data({ q: q.slice(0, 200), people: null, errors: found.errors, person: null }, { status: 400 });
  return { q, people: found.people, errors: undefined, person: null };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const started = startSubjectRights(actor, formValues(await request.formData()));
  if (!started.ok) return data({ errors: started.errors, values: started.values }, { status: 400 });
  throw redirect(`/subject-rights/${started.id}`);
}

export default function RecordSubjectRightsRequest() {
  const { q, people, errors, person } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const v = (result?.values ?? {}) as Record<string, string | string[]>;
  const text = (name: string) => (typeof v[name] === "string" ? (v[name] as string) : undefined);
  const ticked = v.recordIds === undefined ? [] : Array.isArray(v.recordIds) ? v.recordIds : [v.recordIds];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary
          errors={result?.errors ?? errors}
          fieldOrder={["q", "right", "receivedOn", "statement", "recordIds"]}
        />
        <h1 className="govuk-heading-l">Record a rectification, objection or restriction request</h1>
        {person ? (
          <>
            <p className="govuk-body">
              From <strong>{person.personName}</strong>.{" "}
              <Link className="govuk-link" to="/subject-rights/new">
                Choose someone else
              </Link>
            </p>
            {person.records.length === 0 ? (
              <p className="govuk-body">
                Your agency holds no records about this person: there is nothing for it to decide.
              </p>
            ) : (
              <AppForm method="post" noValidate>
                <input type="hidden" name="personId" value={person.id} />
                <Radios
                  name="right"
                  legend="What the person asks for"
                  legendSize="s"
                  hint={
                    person.regime === "law_enforcement"
                      ? "Your agency processes for law enforcement (DPA 2018 Part 3): there is no right to object, but a person may ask for restriction."
                      : undefined
                  }
                  error={result?.errors.right}
                  value={text("right")}
                  items={rightsUnder(person.regime).map((r) => ({
                    value: r,
                    text: SUBJECT_RIGHT_LABELS[person.regime][r],
                  }))}
                />
                <DateInput
                  name="receivedOn"
                  legend="When the request was received"
                  legendSize="s"
                  hint="For example, 1 12 2026. The month to decide runs from this day."
                  error={result?.errors.receivedOn}
                  value={{
                    day: text("receivedOn-day"),
                    month: text("receivedOn-month"),
                    year: text("receivedOn-year"),
                  }}
                />
                <TextArea
                  name="statement"
                  label="What the person says is wrong, or why they object"
                  labelSize="s"
                  error={result?.errors.statement}
                  defaultValue={text("statement")}
                  rows={4}
                />
                <Checkboxes
                  name="recordIds"
                  legend="The records the request concerns"
                  legendSize="s"
                  hint="Your agency's records about the person, newest first."
                  error={result?.errors.recordIds}
                  values={ticked}
                  items={person.records.map((r) => ({
                    value: r.recordId,
                    text: `${r.caseReference}: ${r.categoryLabel}, ${r.title}, recorded ${formatDate(r.recordedOn)}`,
                  }))}
                />
                <Button>Record the request</Button>
              </AppForm>
            )}
          </>
        ) : (
          <>
            <SubjectFinder q={q} error={errors?.q} />
            {people && people.length === 0 ? (
              <p className="govuk-body">No one known to the partnership matches.</p>
            ) : null}
            {people && people.length > 0 ? (
              <ul className="govuk-list" data-testid="people-found">
                {people.map((p) => (
                  <li key={p.personId}>
                    <Link className="govuk-link" to={`/subject-rights/new?personId=${encodeURIComponent(p.personId)}`}>
                      {p.name}
                    </Link>
                    <span className="govuk-hint govuk-!-margin-bottom-0">
                      {p.dateOfBirth ? `Born ${formatDate(p.dateOfBirth)}. ` : ""}Known as {p.partyRoles} in {p.cases}{" "}
                      {p.cases === 1 ? "case" : "cases"}
                    </span>
                  </li>
                ))}
              </ul>
            ) : null}
          </>
        )}
      </div>
    </div>
  );
}

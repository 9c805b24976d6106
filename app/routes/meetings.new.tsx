import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { DateInput } from "~/components/date-input";
import { AppForm, Button, Checkboxes, ErrorSummary, Radios, Select, TextArea, TextInput } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { CREATE_FIELDS } from "~/domain/meeting-kinds";
import { formValues } from "~/forms/parse-form";
import { requireActor } from "~/services/current-user.server";
import { createMeeting, newMeetingPage } from "~/services/meetings.server";

export const meta: MetaFunction = () => pageTitle("Arrange a meeting");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return newMeetingPage(actor);
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const result = createMeeting(actor, formValues(await request.formData()));
  if (!result.ok) return data({ errors: result.errors, values: result.values }, { status: 400 });
  throw redirect(`/meetings/${result.id}`);
}

export default function NewMeeting() {
  const { kinds, people, defaults } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors;
  const v = (result?.values ?? {}) as Record<string, string | string[] | undefined>;
  const text = (name: string) => (typeof v[name] === "string" ? (v[name] as string) : undefined);
  const all = (name: string) =>
    Array.isArray(v[name]) ? (v[name] as string[]) : typeof v[name] === "string" ? [v[name] as string] : [];
  const family = (k: string) => (k.startsWith("mappa") ? "MAPPA" : "clinic");
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to="/meetings" className="govuk-back-link">
          Back to meetings
        </Link>
        <ErrorSummary errors={errors} fieldOrder={CREATE_FIELDS} />
        <h1 className="govuk-heading-l">Arrange a meeting</h1>
        <AppForm method="post">
          <Radios
            name="kind"
            legend="Kind of meeting"
            error={errors?.kind}
            items={kinds}
            value={text("kind") ?? (kinds.length === 1 ? kinds[0]!.value : undefined)}
          />
          <TextInput name="title" label="Title" error={errors?.title} defaultValue={text("title")} maxLength={120} />
          <DateInput
            name="date"
            legend="Date of the meeting"
            hint="For example, 27 3 2026"
            error={errors?.date}
            value={{ day: text("date-day") ?? "", month: text("date-month") ?? "", year: text("date-year") ?? "" }}
          />
          <Checkboxes
            name="held"
            legend="A meeting that has already taken place"
            hint="Meetings are arranged for today or later. Tick this only to record a meeting held earlier."
            error={errors?.held}
            items={[{ value: "yes", text: "This meeting has already taken place and I am recording it" }]}
            values={all("held")}
          />
          <TextInput
            name="time"
            label="Start time"
            hint="For example, 10:00 or 2:30pm"
            error={errors?.time}
            defaultValue={text("time")}
            width="10"
          />
          <TextInput
            name="place"
            label="Place (optional)"
            hint="For example, Room 4, Northshire House"
            error={errors?.place}
            defaultValue={text("place")}
            maxLength={200}
          />
          <TextInput
            name="videoLink"
            label="Video link (optional)"
            hint="The full web address, starting with https://"
            error={errors?.videoLink}
            defaultValue={text("videoLink")}
          />
          <Select
            name="chair"
            label="Chair"
            error={errors?.chair}
            emptyText="Choose the chair"
            value={text("chair")}
            items={people.map((p) => ({ value: p.id, text: `${p.name} (${p.agency})` }))}
          />
          <Checkboxes
            name="invitees"
            legend="Invited members"
            hint="The chair and you are always invited. Each person is told in Concord and asked to reply. You can invite or remove members later."
            error={errors?.invitees}
            values={all("invitees")}
            items={people.map((p) => ({ value: p.id, text: `${p.name} (${p.agency})` }))}
          />
          <TextArea
            name="statement"
            label="Confidentiality statement"
            labelSize="m"
            hint={`Leave blank to use the standard statement: ${Object.entries(defaults)
              .map(([k]) => family(k))
              .filter((f, i, a) => a.indexOf(f) === i)
              .join(" or ")} meetings each have one. You can edit it before the meeting opens.`}
            error={errors?.statement}
            defaultValue={text("statement")}
            rows={6}
          />
          <p className="govuk-body">
            After you create the meeting you can add cases to the agenda from accepted referrals and reviews due.
          </p>
          <Button>Create meeting</Button>
        </AppForm>
      </div>
    </div>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { DateInput } from "~/components/date-input";
import { AppForm, Button, ErrorSummary, TextInput } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { formValues } from "~/forms/parse-form";
import { requireActor } from "~/services/current-user.server";
import { SCHEDULE_FIELDS } from "~/domain/meeting-kinds";
import { cancelMeeting, rescheduleMeeting, scheduleOf } from "~/services/meeting-invitations.server";

export const meta: MetaFunction = () => pageTitle("Change the date, time or place");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return scheduleOf(actor, params.meetingId ?? "");
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const meetingId = params.meetingId ?? "";
  const values = formValues(await request.formData());
  if (values.intent === "cancel") {
    cancelMeeting(actor, meetingId);
    throw redirect(`/meetings/${meetingId}?done=cancelled`);
  }
  const result = rescheduleMeeting(actor, meetingId, values);
  if (!result.ok) return data({ errors: result.errors, values: result.values }, { status: 400 });
  throw redirect(`/meetings/${meetingId}?done=schedule`);
}

export default function MeetingDetails() {
  const s = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors;
  const v = (result?.values ?? {}) as Record<string, string | string[] | undefined>;
  const text = (name: string, fallback: string) => (typeof v[name] === "string" ? (v[name] as string) : fallback);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to={`/meetings/${s.id}`} className="govuk-back-link">
          Back to the meeting
        </Link>
        <ErrorSummary errors={errors} fieldOrder={SCHEDULE_FIELDS} />
        <span className="govuk-caption-l">{s.title}</span>
        <h1 className="govuk-heading-l">Change the date, time or place</h1>
        <p className="govuk-body">Everyone invited is told. A new date or time asks them to reply again.</p>
        <AppForm method="post">
          <DateInput
            name="date"
            legend="Date of the meeting"
            hint="For example, 27 3 2026"
            error={errors?.date}
            value={{
              day: text("date-day", s.date.day),
              month: text("date-month", s.date.month),
              year: text("date-year", s.date.year),
            }}
          />
          <TextInput
            name="time"
            label="Start time"
            hint="For example, 10:00 or 2:30pm"
            error={errors?.time}
            defaultValue={text("time", s.time)}
            width="10"
          />
          <TextInput
            name="place"
            label="Place (optional)"
            hint="For example, Room 4, Northshire House"
            error={errors?.place}
            defaultValue={text("place", s.place)}
            maxLength={200}
          />
          <TextInput
            name="videoLink"
            label="Video link (optional)"
            hint="The full web address, starting with https://"
            error={errors?.videoLink}
            defaultValue={text("videoLink", s.videoLink)}
          />
          <Button>Save and tell the invitees</Button>
        </AppForm>
        <h2 className="govuk-heading-m">Cancel the meeting</h2>
        <p className="govuk-body">
          Everyone invited is told, and the meeting is taken out of their calendars. A cancelled meeting cannot be
          opened again.
        </p>
        <AppForm method="post">
          <input type="hidden" name="intent" value="cancel" />
          <Button warning>Cancel the meeting</Button>
        </AppForm>
      </div>
    </div>
  );
}

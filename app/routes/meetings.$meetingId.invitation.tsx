import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AppForm, Button, ErrorSummary, Radios, Select } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { SuccessBanner } from "~/components/success-banner";
import { formValues } from "~/forms/parse-form";
import { requireActor } from "~/services/current-user.server";
import { invitationView, replyToInvitation } from "~/services/meeting-invitations.server";

export const meta: MetaFunction = () => pageTitle("Your invitation");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const replied = new URL(request.url).searchParams.get("done") === "replied";
  return { invitation: invitationView(actor, params.meetingId ?? ""), replied };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const meetingId = params.meetingId ?? "";
  const values = formValues(await request.formData());
  const result = replyToInvitation(actor, meetingId, values);
  if (!result.ok) return data({ errors: result.errors, values: result.values }, { status: 400 });
  // Someone who sent a deputy is no longer a member: the meetings list is where they can still go.
  throw redirect(
    values.response === "deputy" ? "/meetings?done=deputy" : `/meetings/${meetingId}/invitation?done=replied`,
  );
}

export default function Invitation() {
  const { invitation: i, replied } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors;
  const v = (result?.values ?? {}) as Record<string, string | string[] | undefined>;
  const chosen = typeof v.response === "string" ? v.response : i.response === "pending" ? undefined : i.response;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to={`/meetings/${i.id}`} className="govuk-back-link">
          Back to the meeting
        </Link>
        <ErrorSummary errors={errors} fieldOrder={["response", "deputy"]} />
        {!errors ? (
          <SuccessBanner text={replied ? `Your reply has been sent: ${i.responseLabel.toLowerCase()}` : null} />
        ) : null}
        <span className="govuk-caption-l">{i.kindLabel}</span>
        <h1 className="govuk-heading-l">Your invitation</h1>
        <dl className="govuk-summary-list" data-testid="invitation">
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Meeting</dt>
            <dd className="govuk-summary-list__value">{i.title}</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">When</dt>
            <dd className="govuk-summary-list__value">{i.when}</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Place</dt>
            <dd className="govuk-summary-list__value">{i.place ?? "Not set yet"}</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Video link</dt>
            <dd className="govuk-summary-list__value">
              {i.videoLink ? (
                <a className="govuk-link" href={i.videoLink} rel="noreferrer noopener" target="_blank">
                  {i.videoLink} (opens in new tab)
                </a>
              ) : (
                "None"
              )}
            </dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Your reply</dt>
            <dd className="govuk-summary-list__value" data-testid="my-reply">
              {i.responseLabel}
              {i.respondedAt ? ` (${i.respondedAt})` : ""}
            </dd>
          </div>
        </dl>
        <p className="govuk-body">
          <a className="govuk-link" href={`/meetings/${i.id}/invitation.ics`} download>
            Add to your calendar (.ics file)
          </a>
        </p>
        {i.mayReply ? (
          <AppForm method="post">
            <Radios
              name="response"
              legend="Will you attend?"
              legendSize="m"
              error={errors?.response}
              value={chosen}
              items={[
                { value: "accepted", text: "Yes, I will attend" },
                ...(i.isChair
                  ? []
                  : [
                      { value: "declined", text: "No, I send my apologies" },
                      {
                        value: "deputy",
                        text: "I will send a deputy from my agency",
                        hint: "They are invited in your place, with the same access. You will no longer be a member of the meeting.",
                        conditional: i.deputies.length ? (
                          <Select
                            name="deputy"
                            label="Who will attend in your place"
                            error={errors?.deputy}
                            emptyText="Choose a person"
                            value={typeof v.deputy === "string" ? v.deputy : undefined}
                            items={i.deputies.map((d) => ({ value: d.id, text: d.name }))}
                          />
                        ) : (
                          <p className="govuk-body">No one else in your agency who works on cases can be invited.</p>
                        ),
                      },
                    ]),
              ]}
            />
            <Button>Send reply</Button>
          </AppForm>
        ) : (
          <p className="govuk-body">Replies close when the meeting opens.</p>
        )}
      </div>
    </div>
  );
}

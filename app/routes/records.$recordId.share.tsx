import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { SuccessBanner } from "~/components/success-banner";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { DateInput } from "~/components/date-input";
import { AppForm, Button, ErrorSummary, Radios, Select, TextInput } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { formatDate, formatDateTime } from "~/domain/dates";
import { idField } from "~/forms/fields";
import { formValues } from "~/forms/parse-form";
import { requireActor } from "~/services/current-user.server";
import { revokeShare, shareOptions, shareRecord, sharesOfRecord } from "~/services/shares.server";

const FIELD_ORDER = [
  "recipientKind",
  "memberId",
  "agencyId",
  "role",
  "userEmail",
  "versions",
  "purpose",
  "lawfulBasis",
  "expires",
];
const RevokeSchema = z.object({ intent: z.literal("revoke"), shareId: idField });
const DONE = { shared: "Record shared", revoked: "Share revoked" } as const;

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `Share ${data.record.title}` : "Share a record");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const { record, shares } = sharesOfRecord(actor, params.recordId ?? "");
  const done = new URL(request.url).searchParams.get("done");
  return {
    record,
    shares,
    options: shareOptions(actor, record.id),
    done: done === "shared" || done === "revoked" ? DONE[done] : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const values = formValues(await request.formData());
  if (values.intent === "revoke") {
    const revoke = RevokeSchema.safeParse(values);
    if (!revoke.success)
      return data(
        {
          errors: { form: "Choose a share to revoke" } as Record<string, string>,
          values: {} as Record<string, string | string[]>,
        },
        { status: 400 },
      );
    const { recordId } = revokeShare(actor, revoke.data.shareId);
    throw redirect(`/records/${recordId}/share?done=revoked`);
  }
  const result = shareRecord(actor, params.recordId ?? "", values);
  if (!result.ok) return data({ errors: result.errors, values: result.values }, { status: 400 });
  throw redirect(`/records/${params.recordId}/share?done=shared`);
}

/** "Version 2", "Versions 2 and 3", "Versions 1, 2 and 3". */
function versionsText(versions: number[]): string {
  if (versions.length === 1) return `Version ${versions[0]}`;
  return `Versions ${versions.slice(0, -1).join(", ")} and ${versions.at(-1)}`;
}

const STATUS_TAGS = { active: "govuk-tag--green", expired: "govuk-tag--grey", revoked: "govuk-tag--red" } as const;

export default function ShareRecord() {
  const { record, shares, options, done } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors;
  const v = (result?.values ?? {}) as Record<string, string | string[] | undefined>;
  const text = (name: string) => (typeof v[name] === "string" ? (v[name] as string) : undefined);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <ErrorSummary errors={errors} fieldOrder={FIELD_ORDER} />
        {done && !errors ? <SuccessBanner text={done} /> : null}
        <span className="govuk-caption-l">Case {record.caseReference}</span>
        <h1 className="govuk-heading-l">Share “{record.title}”</h1>
        <p className="govuk-body">
          The people you share with will see this record in full, even if a handling caveat would otherwise keep it from
          them. They are told it has been shared and asked to acknowledge receipt.
        </p>
      </div>
      <div className="govuk-grid-column-two-thirds">
        {/* A new key after each share empties the form; after a validation error it keeps what was entered. */}
        <AppForm method="post" key={`${shares.length}-${done ?? ""}`}>
          <input type="hidden" name="intent" value="share" />
          <Radios
            name="recipientKind"
            legend="Who do you want to share it with?"
            value={text("recipientKind")}
            error={errors?.recipientKind}
            items={[
              ...(options.members.length
                ? [
                    {
                      value: "member",
                      text: "Someone on the case team",
                      conditional: (
                        <Select
                          name="memberId"
                          label="Person"
                          emptyText="Select a person"
                          value={text("memberId")}
                          error={errors?.memberId}
                          items={options.members}
                        />
                      ),
                    },
                  ]
                : []),
              {
                value: "agency",
                text: "Everyone in an agency",
                conditional: (
                  <Select
                    name="agencyId"
                    label="Agency"
                    emptyText="Select an agency"
                    value={text("agencyId")}
                    error={errors?.agencyId}
                    items={options.agencies}
                  />
                ),
              },
              {
                value: "role",
                text: "Everyone with a role",
                conditional: (
                  <Select
                    name="role"
                    label="Role"
                    emptyText="Select a role"
                    value={text("role")}
                    error={errors?.role}
                    items={options.roles}
                  />
                ),
              },
              {
                value: "user",
                text: "Someone else, by email address",
                conditional: (
                  <TextInput
                    name="userEmail"
                    label="Their work email address"
                    type="email"
                    autoComplete="off"
                    spellCheck={false}
                    defaultValue={text("userEmail")}
                    error={errors?.userEmail}
                  />
                ),
              },
            ]}
          />
          {record.versionNumber !== null ? (
            <Radios
              name="versions"
              legend="Which versions of the assessment?"
              value={text("versions") ?? "series"}
              error={errors?.versions}
              items={[
                {
                  value: "series",
                  text: "This version and later versions",
                  hint: "Each new version is shared when it is countersigned, and they are told it was updated.",
                },
                { value: "this", text: `This version only (version ${record.versionNumber})` },
              ]}
            />
          ) : null}
          <Radios
            name="purpose"
            legend="Purpose of sharing"
            value={text("purpose")}
            error={errors?.purpose}
            items={options.purposes}
          />
          <Radios
            name="lawfulBasis"
            legend="Lawful basis for sharing"
            value={text("lawfulBasis")}
            error={errors?.lawfulBasis}
            items={options.lawfulBases}
          />
          <DateInput
            name="expires"
            legend="When should the share end? (optional)"
            hint="It ends at the end of this day, at most a year from today. Leave blank to share until you revoke it. For example, 27 3 2027"
            value={{ day: text("expires-day"), month: text("expires-month"), year: text("expires-year") }}
            error={errors?.expires}
          />
          <Button>Share record</Button>
        </AppForm>
      </div>
      <div className="govuk-grid-column-full">
        <h2 className="govuk-heading-m">Who this record is shared with</h2>
        {shares.length === 0 ? (
          <p className="govuk-body">This record has not been shared.</p>
        ) : (
          <table className="govuk-table" data-testid="shares">
            <caption className="govuk-table__caption govuk-visually-hidden">Shares of this record</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">
                  Shared with
                </th>
                {record.versionNumber !== null ? (
                  <th scope="col" className="govuk-table__header">
                    Versions they can see
                  </th>
                ) : null}
                <th scope="col" className="govuk-table__header">
                  Purpose and lawful basis
                </th>
                <th scope="col" className="govuk-table__header">
                  Shared
                </th>
                <th scope="col" className="govuk-table__header">
                  Status
                </th>
                <th scope="col" className="govuk-table__header">
                  Acknowledged
                </th>
                <th scope="col" className="govuk-table__header">
                  <span className="govuk-visually-hidden">Action</span>
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {shares.map((s) => (
                <tr className="govuk-table__row" key={s.id} data-testid="share">
                  <td className="govuk-table__cell">{s.recipient}</td>
                  {s.versions ? (
                    <td className="govuk-table__cell" data-testid="share-versions">
                      {versionsText(s.versions)}
                      {s.followsSeries && s.status === "active" ? (
                        <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0">
                          and later versions when countersigned
                        </span>
                      ) : null}
                    </td>
                  ) : null}
                  <td className="govuk-table__cell">
                    {s.purpose}
                    <br />
                    <span className="govuk-hint govuk-!-font-size-16 govuk-!-margin-bottom-0">{s.lawfulBasis}</span>
                  </td>
                  <td className="govuk-table__cell">
                    {formatDate(s.sharedAt)} by {s.sharedBy}
                    {s.expiresAt ? (
                      <>
                        <br />
                        {s.status === "expired" ? "Ended" : "Ends"} {formatDateTime(s.expiresAt)}
                      </>
                    ) : null}
                  </td>
                  <td className="govuk-table__cell">
                    <strong className={`govuk-tag ${STATUS_TAGS[s.status]}`}>
                      {s.status === "active" ? "Active" : s.status === "expired" ? "Expired" : "Revoked"}
                    </strong>
                    {s.revokedAt ? (
                      <span className="govuk-body-s govuk-!-display-block">{formatDate(s.revokedAt)}</span>
                    ) : null}
                  </td>
                  <td className="govuk-table__cell">
                    {s.acknowledgements.length === 0 ? (
                      "Not yet"
                    ) : (
                      <ul className="govuk-list govuk-!-font-size-16">
                        {s.acknowledgements.map((a) => (
                          <li key={`${a.name}-${a.at}`}>
                            Acknowledged by {a.name}, {a.agency}, {formatDateTime(a.at)}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td className="govuk-table__cell">
                    {s.status === "active" ? (
                      <AppForm method="post">
                        <input type="hidden" name="intent" value="revoke" />
                        <input type="hidden" name="shareId" value={s.id} />
                        <Button warning>
                          Revoke<span className="govuk-visually-hidden"> share with {s.recipient}</span>
                        </Button>
                      </AppForm>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p className="govuk-body">
          <Link className="govuk-link" to={`/cases/${record.caseId}`}>
            Back to case {record.caseReference}
          </Link>
        </p>
      </div>
    </div>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { isWithheld } from "~/access/redact";
import { AppForm, Button, ErrorSummary } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { WithheldValue } from "~/components/withheld";
import { formatDate, formatDateTime } from "~/domain/dates";
import { idField } from "~/forms/fields";
import { parseForm } from "~/forms/parse-form";
import { requireActor } from "~/services/current-user.server";
import { acknowledgeShare, listSharedWithMe } from "~/services/shares.server";

const AcknowledgeSchema = z.object({ shareId: idField });

export const meta: MetaFunction = () => pageTitle("Shared with you");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return { shares: listSharedWithMe(actor) };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const form = parseForm(await request.formData(), AcknowledgeSchema);
  if (!form.ok) return data({ errors: { form: "Choose a share to acknowledge" } }, { status: 400 });
  acknowledgeShare(actor, form.data.shareId);
  throw redirect("/shared");
}

export default function SharedWithYou() {
  const { shares } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <ErrorSummary errors={result?.errors} />
      <h1 className="govuk-heading-l">Shared with you</h1>
      <p className="govuk-body">
        Records other agencies have shared with you, your agency or your role. A share lasts until its owner revokes it
        or it reaches its end date.
      </p>
      {shares.length === 0 ? <p className="govuk-body">Nothing is shared with you at the moment.</p> : null}
      {shares.map((s) => (
        <div className="govuk-summary-card" key={s.shareId} data-testid="shared-record">
          <div className="govuk-summary-card__title-wrapper">
            <h2 className="govuk-summary-card__title">
              {s.href ? (
                <Link className="govuk-link" to={s.href}>
                  {s.title}
                </Link>
              ) : (
                s.title
              )}
            </h2>
          </div>
          <div className="govuk-summary-card__content">
            <p className="govuk-body">
              {s.kindLabel.charAt(0).toUpperCase() + s.kindLabel.slice(1)} shared with you by {s.sharedBy} on{" "}
              {formatDate(s.sharedAt)}
            </p>
            <dl className="govuk-summary-list">
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Summary</dt>
                <dd className="govuk-summary-list__value">{s.summary}</dd>
              </div>
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Details</dt>
                <dd className="govuk-summary-list__value">
                  {isWithheld(s.body) ? (
                    <WithheldValue value={s.body} />
                  ) : (
                    <span className="app-record-text">{String(s.body.text ?? "")}</span>
                  )}
                </dd>
              </div>
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Held by</dt>
                <dd className="govuk-summary-list__value">{s.ownerAgency}</dd>
              </div>
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Purpose</dt>
                <dd className="govuk-summary-list__value">{s.purpose}</dd>
              </div>
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Lawful basis</dt>
                <dd className="govuk-summary-list__value">{s.lawfulBasis}</dd>
              </div>
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Shared until</dt>
                <dd className="govuk-summary-list__value">
                  {s.expiresAt ? formatDateTime(s.expiresAt) : "The owner revokes it"}
                </dd>
              </div>
              {s.case ? (
                <div className="govuk-summary-list__row">
                  <dt className="govuk-summary-list__key">Case</dt>
                  <dd className="govuk-summary-list__value">
                    <Link className="govuk-link" to={`/cases/${s.case.id}`}>
                      {s.case.reference}
                    </Link>
                  </dd>
                </div>
              ) : null}
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Receipt</dt>
                <dd className="govuk-summary-list__value">
                  {s.acknowledgedAt ? (
                    <>Acknowledged on {formatDateTime(s.acknowledgedAt)}</>
                  ) : (
                    <AppForm method="post">
                      <input type="hidden" name="shareId" value={s.shareId} />
                      <Button secondary>
                        Acknowledge receipt<span className="govuk-visually-hidden"> of {s.title}</span>
                      </Button>
                    </AppForm>
                  )}
                </dd>
              </div>
            </dl>
          </div>
        </div>
      ))}
    </>
  );
}

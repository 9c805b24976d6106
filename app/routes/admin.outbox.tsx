import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AppForm } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { doneText, SuccessBanner } from "~/components/success-banner";
import { requireActor } from "~/services/current-user.server";
import { outboxPage, retryDeadLetter } from "~/services/outbox-admin.server";

export const meta: MetaFunction = () => pageTitle("Email outbox");

const DONE = { retried: "The email will be tried again now", gone: "That email is no longer a dead letter" } as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return { ...outboxPage(actor, new URL(request.url).searchParams.get("state")), done: doneText(request, DONE) };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const result = retryDeadLetter(actor, Object.fromEntries(await request.formData()));
  throw redirect(`/admin/outbox?state=dead&done=${result.ok ? "retried" : "gone"}`);
}

export default function Outbox() {
  const { transport, state, tabs, rows, done } = useLoaderData<typeof loader>();
  return (
    <>
      <SuccessBanner text={done} />
      <h1 className="govuk-heading-l">Email outbox</h1>
      <p className="govuk-body">
        {transport === "embedded"
          ? "Email is kept here and not sent: no mail leaves this machine (MAIL_TRANSPORT is embedded)."
          : transport === "smtp"
            ? "Email is sent through the configured mail relay, over TLS."
            : "Email is sent through GOV.UK Notify."}{" "}
        Every email says only what kind of thing needs the person, with a link; never a name or anything from a case.
      </p>
      <nav className="moj-sub-navigation" aria-label="Email by state">
        <ul className="moj-sub-navigation__list">
          {tabs.map((t) => (
            <li className="moj-sub-navigation__item" key={t.state}>
              <Link
                className="moj-sub-navigation__link"
                to={`/admin/outbox?state=${t.state}`}
                aria-current={t.state === state ? "page" : undefined}
              >
                {t.label} ({t.n})
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {rows.length === 0 ? (
        <p className="govuk-body">There are no emails here.</p>
      ) : (
        <table className="govuk-table" data-testid="outbox">
          <caption className="govuk-table__caption govuk-table__caption--m">
            {tabs.find((t) => t.state === state)?.label} (newest 50)
          </caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                To
              </th>
              <th scope="col" className="govuk-table__header">
                Email
              </th>
              <th scope="col" className="govuk-table__header">
                Queued
              </th>
              <th scope="col" className="govuk-table__header">
                Attempts
              </th>
              {state === "dead" ? (
                <th scope="col" className="govuk-table__header">
                  <span className="govuk-visually-hidden">Action</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {rows.map((r) => (
              <tr className="govuk-table__row" key={r.id}>
                <td className="govuk-table__cell">{r.to}</td>
                <td className="govuk-table__cell">
                  <details className="govuk-details govuk-!-margin-bottom-0">
                    <summary className="govuk-details__summary">
                      <span className="govuk-details__summary-text">{r.subject}</span>
                    </summary>
                    <div className="govuk-details__text">
                      <p className="govuk-body-s">
                        {r.kind}
                        {r.hasCalendar ? " (with a calendar file)" : ""}
                      </p>
                      <pre className="app-email-body">{r.body}</pre>
                    </div>
                  </details>
                </td>
                <td className="govuk-table__cell">
                  {r.created}
                  {r.sent ? <span className="govuk-body-s"> (sent {r.sent})</span> : null}
                </td>
                <td className="govuk-table__cell">
                  {r.attempts}
                  {r.lastError ? <span className="govuk-body-s"> (last: {r.lastError})</span> : null}
                </td>
                {state === "dead" ? (
                  <td className="govuk-table__cell">
                    <AppForm method="post">
                      <input type="hidden" name="id" value={r.id} />
                      <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">
                        Try again<span className="govuk-visually-hidden"> the email to {r.to}</span>
                      </button>
                    </AppForm>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

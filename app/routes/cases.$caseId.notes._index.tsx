import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CaseHeader } from "~/components/case-header";
import { pageTitle } from "~/components/page-title";
import { Pagination } from "~/components/pagination";
import { doneText, SuccessBanner } from "~/components/success-banner";
import { WithheldValue } from "~/components/withheld";
import { formatDateTime } from "~/domain/dates";
import { listNotes } from "~/services/case-notes.server";
import { requireActor } from "~/services/current-user.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `Notes: case ${data.case.reference}` : "Notes");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const page = Number(new URL(request.url).searchParams.get("page") ?? "1");
  return { ...listNotes(actor, params.caseId ?? "", page), done: doneText(request, { added: "Note added" }) };
}

export default function CaseNotes() {
  const { case: c, notes, page, pages, total, canAdd, done } = useLoaderData<typeof loader>();
  const base = `/cases/${c.id}`;
  return (
    <>
      <SuccessBanner text={done} />
      <CaseHeader c={c} title="Notes" />
      {canAdd ? (
        <div className="govuk-button-group">
          <Link to={`${base}/notes/new`} className="govuk-button" data-module="govuk-button">
            Add a note
          </Link>
        </div>
      ) : null}
      {notes.length === 0 ? (
        <p className="govuk-body" data-testid="no-notes">
          There are no notes on this case for you to see.
        </p>
      ) : (
        <p className="govuk-body">{total === 1 ? "1 note" : `${total} notes`} you can see, newest first.</p>
      )}
      {notes.map((n) => (
        <div className="govuk-summary-card" key={n.id} data-testid="note">
          <div className="govuk-summary-card__title-wrapper">
            <h2 className="govuk-summary-card__title">
              <Link className="govuk-link" to={`${base}/notes/${n.id}`}>
                {n.title}
              </Link>
              {n.retracted ? <strong className="govuk-tag govuk-tag--grey app-tag-gap">Retracted</strong> : null}
            </h2>
          </div>
          <div className="govuk-summary-card__content">
            <dl className="govuk-summary-list">
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Summary</dt>
                <dd className="govuk-summary-list__value">{n.summary}</dd>
              </div>
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Note</dt>
                <dd className="govuk-summary-list__value">
                  {n.withheld ? (
                    <WithheldValue value={n.withheld} requestHref={`/records/${n.id}/request-access`} />
                  ) : n.retracted ? (
                    <span>Retracted: open the note to read what it said.</span>
                  ) : (
                    <span className="app-multiline">{n.text}</span>
                  )}
                </dd>
              </div>
              {n.retracted ? (
                <div className="govuk-summary-list__row">
                  <dt className="govuk-summary-list__key">Retracted</dt>
                  <dd className="govuk-summary-list__value" data-testid="retraction">
                    {formatDateTime(n.retracted.at)}
                    {n.retracted.by ? ` by ${n.retracted.by}` : ""}
                    {n.retracted.reason ? (
                      <>
                        . Reason: <span className="app-multiline">{n.retracted.reason}</span>
                      </>
                    ) : null}
                  </dd>
                </div>
              ) : null}
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Written by</dt>
                <dd className="govuk-summary-list__value">
                  {n.level === "full" ? `${n.author}, ` : ""}
                  {n.ownerAgency}, {formatDateTime(n.createdAt)}
                  {n.version > 1 ? ` (changed ${formatDateTime(n.updatedAt)})` : ""}
                </dd>
              </div>
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Kind of information</dt>
                <dd className="govuk-summary-list__value">{n.category}</dd>
              </div>
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Handling</dt>
                <dd className="govuk-summary-list__value">
                  {n.marking}
                  {n.caveats.length ? `; ${n.caveats.join(", ")}` : ""}
                </dd>
              </div>
            </dl>
          </div>
        </div>
      ))}
      <Pagination page={page} pages={pages} hrefFor={(p) => `${base}/notes?page=${p}`} label="Pages of notes" />
    </>
  );
}

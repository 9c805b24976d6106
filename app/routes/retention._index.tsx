import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { pageTitle } from "~/components/page-title";
import { Pagination } from "~/components/pagination";
import { doneText, SuccessBanner } from "~/components/success-banner";
import { TableContainer } from "~/components/table-container";
import { formatDate } from "~/domain/dates";
import { requireActor } from "~/services/current-user.server";
import { reviewQueue } from "~/services/retention-reviews.server";

export const meta: MetaFunction = () => pageTitle("Retention reviews");

const DONE = {
  retain: "The record is kept until the date you gave",
  anonymise: "The record is anonymised",
  delete: "The record's content is deleted; its tombstone stays",
} as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const page = Number(new URL(request.url).searchParams.get("page") ?? "1");
  return { ...reviewQueue(actor, page), agencyName: actor.agencyName, done: doneText(request, DONE) };
}

export default function RetentionReviews() {
  const { items, total, page, pages, agencyName, done } = useLoaderData<typeof loader>();
  return (
    <>
      <SuccessBanner text={done} />
      <span className="govuk-caption-l">{agencyName}</span>
      <h1 className="govuk-heading-l">Retention reviews</h1>
      <p className="govuk-body">
        Records your agency holds whose retention period has run ({total}), longest overdue first. Decide for each: keep
        it until a new review date, anonymise it, or delete its content. See also{" "}
        <Link className="govuk-link" to="/retention/holds">
          legal holds
        </Link>{" "}
        and the{" "}
        <Link className="govuk-link" to="/admin/retention">
          retention schedules
        </Link>
        .
      </p>
      {items.length === 0 ? (
        <p className="govuk-body" data-testid="retention-empty">
          No records are due for review.
        </p>
      ) : (
        <TableContainer label="Records due for review">
          <table className="govuk-table" data-testid="retention-queue">
            <caption className="govuk-table__caption govuk-visually-hidden">Records due for review</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">
                  Case
                </th>
                <th scope="col" className="govuk-table__header">
                  Record
                </th>
                <th scope="col" className="govuk-table__header">
                  Why it is due
                </th>
                <th scope="col" className="govuk-table__header">
                  Due
                </th>
                <th scope="col" className="govuk-table__header">
                  Schedule says
                </th>
                <th scope="col" className="govuk-table__header">
                  <span className="govuk-visually-hidden">Action</span>
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {items.map((i) => (
                <tr className="govuk-table__row" key={i.id}>
                  <td className="govuk-table__cell">
                    {i.caseReference}
                    {i.onLegalHold ? (
                      <>
                        {" "}
                        <strong className="govuk-tag govuk-tag--red">Legal hold</strong>
                      </>
                    ) : null}
                  </td>
                  <td className="govuk-table__cell">
                    {i.categoryLabel} ({i.kind.replaceAll("_", " ")}), recorded {formatDate(i.recordCreatedAt)}
                  </td>
                  <td className="govuk-table__cell">
                    {i.triggerLabel} on {formatDate(i.triggeredOn)}, plus {i.periodMonths} months
                  </td>
                  <td className="govuk-table__cell">{formatDate(i.dueOn)}</td>
                  <td className="govuk-table__cell">{i.proposedActionLabel}</td>
                  <td className="govuk-table__cell">
                    <Link className="govuk-link" to={`/retention/${i.id}`}>
                      Decide
                      <span className="govuk-visually-hidden">
                        {" "}
                        on the {i.categoryLabel} record of {i.caseReference}
                      </span>
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableContainer>
      )}
      <Pagination page={page} pages={pages} hrefFor={(p) => `/retention?page=${p}`} label="Retention reviews" />
    </>
  );
}

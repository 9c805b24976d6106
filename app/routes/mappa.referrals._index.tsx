import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { SuccessBanner } from "~/components/success-banner";
import { pageTitle } from "~/components/page-title";
import { formatDate } from "~/domain/dates";
import { requireActor } from "~/services/current-user.server";
import { mappaQueue, type MappaReferralView } from "~/services/mappa-referrals.server";

export const meta: MetaFunction = () => pageTitle("MAPPA referrals");

const DONE = {
  endorsed: "Referral endorsed and sent to the MAPPA coordinator",
  screened: "Screening decision recorded: the referrer has been told",
} as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const done = new URL(request.url).searchParams.get("done");
  return {
    ...mappaQueue(actor),
    done: done === "endorsed" || done === "screened" ? DONE[done] : null,
  };
}

function Table({
  caption,
  rows,
  testId,
  extra,
}: {
  caption: string;
  rows: MappaReferralView[];
  testId: string;
  extra?: { head: string; cell: (r: MappaReferralView) => string };
}) {
  if (rows.length === 0) return null;
  return (
    <table className="govuk-table" data-testid={testId}>
      <caption className="govuk-table__caption govuk-table__caption--m">{caption}</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">
            Case
          </th>
          <th scope="col" className="govuk-table__header">
            Referred
          </th>
          <th scope="col" className="govuk-table__header">
            Referrer
          </th>
          <th scope="col" className="govuk-table__header">
            Level requested
          </th>
          {extra ? (
            <th scope="col" className="govuk-table__header">
              {extra.head}
            </th>
          ) : null}
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {rows.map((r) => (
          <tr className="govuk-table__row" key={r.id}>
            <td className="govuk-table__cell">
              <Link className="govuk-link" to={`/mappa/referrals/${r.id}`}>
                {r.caseReference}
              </Link>
            </td>
            <td className="govuk-table__cell">{formatDate(r.createdAt)}</td>
            <td className="govuk-table__cell">
              {r.referrer}, {r.referrerAgency}
            </td>
            <td className="govuk-table__cell">Level {r.levelRequested}</td>
            {extra ? <td className="govuk-table__cell">{extra.cell(r)}</td> : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default function MappaQueue() {
  const { coordinator, toScreen, accepted, notAccepted, toEndorse, done } = useLoaderData<typeof loader>();
  return (
    <>
      {done ? <SuccessBanner text={done} /> : null}
      <h1 className="govuk-heading-l">MAPPA referrals</h1>
      {toEndorse.length || !coordinator ? (
        <>
          <Table caption="Waiting for your endorsement" rows={toEndorse} testId="mappa-to-endorse" />
          {toEndorse.length === 0 ? (
            <p className="govuk-body" data-testid="nothing-to-endorse">
              No referrals from your agency are waiting for endorsement.
            </p>
          ) : null}
        </>
      ) : null}
      {coordinator ? (
        <>
          <Table caption="Waiting for screening" rows={toScreen} testId="mappa-to-screen" />
          {toScreen.length === 0 ? (
            <p className="govuk-body" data-testid="nothing-to-screen">
              No referrals are waiting for screening.
            </p>
          ) : null}
          <Table
            caption="Accepted"
            rows={accepted}
            testId="mappa-accepted"
            extra={{
              head: "Level and next review",
              cell: (r) =>
                `Level ${r.levelDecided ?? "?"}, ${
                  r.nextReviewOn ? `review by ${formatDate(r.nextReviewOn)}` : "waiting for a meeting"
                }`,
            }}
          />
          <Table caption="Not accepted" rows={notAccepted} testId="mappa-not-accepted" />
        </>
      ) : null}
    </>
  );
}

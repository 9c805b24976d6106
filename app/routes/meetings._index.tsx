import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { pageTitle } from "~/components/page-title";
import { doneText, SuccessBanner } from "~/components/success-banner";
import { requireActor } from "~/services/current-user.server";
import { kindsFor, listMeetings } from "~/services/meetings.server";

export const meta: MetaFunction = () => pageTitle("Meetings");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return { meetings: listMeetings(actor), mayArrange: kindsFor(actor).length > 0, done: doneText(request, DONE) };
}

const DONE = { deputy: "Your deputy has been invited in your place and told in Concord" };

const ROLE_TEXT = {
  chair: "You chair",
  invited: "Invited",
  coordinator: "You arrange",
  shared: "Minutes shared with you",
} as const;

export default function Meetings() {
  const { meetings, mayArrange, done } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <SuccessBanner text={done} />
        <h1 className="govuk-heading-l">Meetings</h1>
        <p className="govuk-body">Stalking clinic and MAPPA meetings you are invited to or arrange.</p>
        {mayArrange ? (
          <Link to="/meetings/new" className="govuk-button" data-module="govuk-button">
            Arrange a meeting
          </Link>
        ) : null}
        {meetings.length ? (
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-table__caption--m">Your meetings</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">
                  Meeting
                </th>
                <th scope="col" className="govuk-table__header">
                  When
                </th>
                <th scope="col" className="govuk-table__header">
                  Chair
                </th>
                <th scope="col" className="govuk-table__header">
                  Status
                </th>
                <th scope="col" className="govuk-table__header">
                  You
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {meetings.map((m) => (
                <tr className="govuk-table__row" key={m.id}>
                  <td className="govuk-table__cell">
                    <Link
                      className="govuk-link"
                      to={m.role === "shared" ? `/meetings/${m.id}/minutes` : `/meetings/${m.id}`}
                    >
                      {m.title}
                    </Link>
                    <br />
                    <span className="govuk-body-s">{m.kindLabel}</span>
                  </td>
                  <td className="govuk-table__cell">{m.when}</td>
                  <td className="govuk-table__cell">{m.chair}</td>
                  <td className="govuk-table__cell">
                    <strong className="govuk-tag govuk-tag--grey">{m.statusLabel}</strong>
                  </td>
                  <td className="govuk-table__cell">{ROLE_TEXT[m.role]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="govuk-body">You have no meetings.</p>
        )}
      </div>
    </div>
  );
}

import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { SuccessBanner } from "~/components/success-banner";
import { pageTitle } from "~/components/page-title";
import { formatDate } from "~/domain/dates";
import { listAgreements, type AgreementView } from "~/services/agreements.server";
import { requireActor } from "~/services/current-user.server";

export const meta: MetaFunction = () => pageTitle("Information sharing agreements");

/** Messages after a change (the query names which one; nothing from the address is shown as typed). */
const DONE = {
  added: "Agreement added",
  updated: "Agreement updated",
  retired: "Agreement retired. It no longer applies",
} as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const done = new URL(request.url).searchParams.get("done");
  return { ...listAgreements(actor), done: done && Object.hasOwn(DONE, done) ? DONE[done as keyof typeof DONE] : null };
}

/** The cells both tables start with: the name (a row header linking to the agreement), information, from, to. */
function FirstCells({ a }: { a: AgreementView }) {
  return (
    <>
      <th scope="row" className="govuk-table__header">
        <Link className="govuk-link" to={`/admin/agreements/${a.id}`}>
          {a.name}
        </Link>
      </th>
      <td className="govuk-table__cell">{a.categoryLabel}</td>
      <td className="govuk-table__cell">{a.fromAgency}</td>
      <td className="govuk-table__cell">
        <ul className="govuk-list">
          {a.recipients.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      </td>
    </>
  );
}

function FirstHeaders() {
  return (
    <>
      <th scope="col" className="govuk-table__header">
        Name
      </th>
      <th scope="col" className="govuk-table__header">
        Information
      </th>
      <th scope="col" className="govuk-table__header">
        From
      </th>
      <th scope="col" className="govuk-table__header">
        To
      </th>
    </>
  );
}

export default function Agreements() {
  const { current, retired, canManage, done } = useLoaderData<typeof loader>();
  return (
    <>
      {done ? <SuccessBanner text={done} /> : null}
      <h1 className="govuk-heading-l">Information sharing agreements</h1>
      <p className="govuk-body">
        An agreement lets members of a case team see a category of another agency&apos;s signed-off records, for the
        purposes it names. Handling caveats, such as victim-confidential, still apply. Changes apply at once.
      </p>
      {canManage ? (
        <Link to="/admin/agreements/new" className="govuk-button">
          Add an agreement
        </Link>
      ) : null}
      <h2 className="govuk-heading-m">Current agreements</h2>
      {current.length === 0 ? (
        <p className="govuk-body">There are no current agreements.</p>
      ) : (
        <table className="govuk-table govuk-table--small-text-until-tablet" data-testid="agreements">
          <caption className="govuk-table__caption govuk-visually-hidden">Current agreements</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <FirstHeaders />
              <th scope="col" className="govuk-table__header">
                Purposes
              </th>
              <th scope="col" className="govuk-table__header">
                Level
              </th>
              <th scope="col" className="govuk-table__header">
                Lawful basis
              </th>
              <th scope="col" className="govuk-table__header">
                Dates
              </th>
              <th scope="col" className="govuk-table__header">
                Status
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {current.map((a) => (
              <tr className="govuk-table__row" key={a.id}>
                <FirstCells a={a} />
                <td className="govuk-table__cell">{a.purposeLabels.join(", ")}</td>
                <td className="govuk-table__cell">{a.levelLabel}</td>
                <td className="govuk-table__cell">{a.lawfulBasisLabel}</td>
                <td className="govuk-table__cell">
                  Starts {formatDate(a.startsOn)}
                  <br />
                  Review by {formatDate(a.reviewOn)}
                </td>
                <td className="govuk-table__cell">
                  <strong className={`govuk-tag ${a.status.tagClass}`}>{a.status.text}</strong>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2 className="govuk-heading-m">Retired agreements</h2>
      {retired.length === 0 ? (
        <p className="govuk-body">No agreements have been retired.</p>
      ) : (
        <table className="govuk-table govuk-table--small-text-until-tablet" data-testid="retired-agreements">
          <caption className="govuk-table__caption govuk-visually-hidden">Retired agreements</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <FirstHeaders />
              <th scope="col" className="govuk-table__header">
                Retired on
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {retired.map((a) => (
              <tr className="govuk-table__row" key={a.id}>
                <FirstCells a={a} />
                <td className="govuk-table__cell">{a.retiredAt ? formatDate(a.retiredAt) : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

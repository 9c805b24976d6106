import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { pageTitle } from "~/components/page-title";
import { AGENCY_TYPE_LABELS, isAgencyType } from "~/domain/agencies";
import { listAgencies } from "~/services/agencies.server";
import { requireActor } from "~/services/current-user.server";

export const meta: MetaFunction = () => pageTitle("Agencies");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return { agencies: listAgencies(actor) };
}

export default function Agencies() {
  const { agencies } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Agencies in the partnership</h1>
      <Link to="/admin/agencies/new" className="govuk-button">
        Add an agency
      </Link>
      <table className="govuk-table" data-testid="agencies">
        <caption className="govuk-table__caption govuk-visually-hidden">Agencies</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">
              Agency
            </th>
            <th scope="col" className="govuk-table__header">
              Type
            </th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">
              People
            </th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {agencies.map((a) => (
            <tr className="govuk-table__row" key={a.id}>
              <td className="govuk-table__cell">
                <Link className="govuk-link" to={`/admin/agencies/${a.id}`}>
                  {a.name}
                </Link>
              </td>
              <td className="govuk-table__cell">{isAgencyType(a.type) ? AGENCY_TYPE_LABELS[a.type] : a.type}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{a.people}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

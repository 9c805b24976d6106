import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { Button, ErrorSummary, Select, TextInput } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { Pagination, withPage } from "~/components/pagination";
import { formatDateTime } from "~/domain/dates";
import { parseValues } from "~/forms/parse-form";
import { DISCLOSURE_KIND_LABELS, DISCLOSURE_KINDS, DisclosureFiltersSchema } from "~/domain/audit-filters";
import { assertCanReadDisclosures, disclosureLog } from "~/services/audit-log.server";
import { requireActor } from "~/services/current-user.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle("Disclosure log", data?.errors);

const FIELDS = ["from", "to", "kind", "page"];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const params = new URL(request.url).searchParams;
  const values = Object.fromEntries(FIELDS.map((f) => [f, params.get(f) ?? ""]));
  const form = parseValues(values, DisclosureFiltersSchema);
  if (!form.ok) {
    assertCanReadDisclosures(actor);
    return data({ values, errors: form.errors, result: null }, { status: 400 });
  }
  return { values, errors: null, result: disclosureLog(actor, form.data) };
}

export default function DisclosureLog() {
  const { values, errors, result } = useLoaderData<typeof loader>();
  const { search } = useLocation();
  const csvQuery = new URLSearchParams(search);
  csvQuery.delete("page");
  const csvHref = `/audit/disclosures.csv${csvQuery.toString() ? `?${csvQuery.toString()}` : ""}`;
  return (
    <>
      <ErrorSummary errors={errors ?? undefined} fieldOrder={FIELDS} />
      <span className="govuk-caption-l">
        <Link className="govuk-link" to="/audit">
          Audit log
        </Link>
      </span>
      <h1 className="govuk-heading-l">Disclosure log</h1>
      <p className="govuk-body">
        Information that left the agency that owns it: records shared with another agency, a role or a person elsewhere;
        emergency (break-glass) access; and approved access requests, each with its lawful basis.
      </p>
      <Form method="get" key={search} noValidate aria-label="Filter the disclosure log">
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-third">
            <TextInput
              name="from"
              label="From date"
              hint="yyyy-mm-dd, for example 2026-03-07"
              width="10"
              defaultValue={values.from}
              error={errors?.from}
            />
          </div>
          <div className="govuk-grid-column-one-third">
            <TextInput
              name="to"
              label="To date (including that day)"
              hint="yyyy-mm-dd"
              width="10"
              defaultValue={values.to}
              error={errors?.to}
            />
          </div>
          <div className="govuk-grid-column-one-third">
            <Select
              name="kind"
              label="Kind of disclosure"
              emptyText="All kinds"
              value={values.kind}
              error={errors?.kind}
              items={DISCLOSURE_KINDS.map((k) => ({ value: k, text: DISCLOSURE_KIND_LABELS[k] }))}
            />
          </div>
        </div>
        <Button secondary>Filter</Button>
      </Form>

      {result ? (
        <>
          <h2 className="govuk-heading-m" data-testid="disclosure-count">
            {result.total === 1 ? "1 disclosure" : `${result.total.toLocaleString("en-GB")} disclosures`}
          </h2>
          <p className="govuk-body">
            <a className="govuk-link" href={csvHref} download>
              Download CSV<span className="govuk-visually-hidden"> of these disclosures</span>
            </a>
          </p>
          {result.rows.length ? (
            <table className="govuk-table app-audit-table" data-testid="disclosures">
              <caption className="govuk-table__caption govuk-visually-hidden">Disclosures, newest first</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">
                    When
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Case
                  </th>
                  <th scope="col" className="govuk-table__header">
                    What
                  </th>
                  <th scope="col" className="govuk-table__header">
                    From and to
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Purpose and lawful basis
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Reason given
                  </th>
                  <th scope="col" className="govuk-table__header">
                    By and status
                  </th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {result.rows.map((r, i) => (
                  <tr className="govuk-table__row" key={`${r.kind}-${r.at}-${i}`}>
                    <td className="govuk-table__cell">{formatDateTime(r.at)}</td>
                    <td className="govuk-table__cell">
                      <Link className="govuk-link" to={`/cases/${r.caseId}/access-log`}>
                        {r.caseReference}
                        <span className="govuk-visually-hidden">: who has seen this case</span>
                      </Link>
                    </td>
                    <td className="govuk-table__cell">
                      <strong>{r.kindLabel}</strong>
                      <div>{r.information}</div>
                    </td>
                    <td className="govuk-table__cell">
                      <div>From {r.owningAgency}</div>
                      <div>To {r.recipient}</div>
                    </td>
                    <td className="govuk-table__cell">
                      {r.purpose ? <div>{r.purpose}</div> : null}
                      <div>{r.lawfulBasis}</div>
                    </td>
                    <td className="govuk-table__cell app-wrap-anywhere">{r.reason ?? ""}</td>
                    <td className="govuk-table__cell">
                      {r.by ? <div>{r.by}</div> : null}
                      <div>{r.status}</div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="govuk-body">No disclosures match. Change or remove some of the filters.</p>
          )}
          <Pagination
            page={result.page}
            pages={result.pages}
            hrefFor={(page) => withPage(search, page)}
            label="Pages of disclosures"
          />
        </>
      ) : null}
    </>
  );
}

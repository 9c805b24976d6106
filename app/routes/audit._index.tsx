import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { Button, ErrorSummary, Select, TextInput } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { Pagination, withPage } from "~/components/pagination";
import { formatDateTime } from "~/domain/dates";
import { parseValues } from "~/forms/parse-form";
import { AUDIT_OUTCOME_LABELS, AUDIT_OUTCOMES, AuditSearchSchema } from "~/domain/audit-filters";
import { assertCanSearchAudit, searchAudit } from "~/services/audit-log.server";
import { requireActor } from "~/services/current-user.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle("Audit log", data && !data.result ? data.errors : null);

const FIELDS = ["person", "case", "from", "to", "actionPrefix", "outcome", "page"];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const params = new URL(request.url).searchParams;
  // The first value of each known field; anything else in the address is ignored.
  const values = Object.fromEntries(FIELDS.map((f) => [f, params.get(f) ?? ""]));
  const form = parseValues(values, AuditSearchSchema);
  if (!form.ok) {
    assertCanSearchAudit(actor);
    return data({ values, errors: form.errors, result: null }, { status: 400 });
  }
  const result = searchAudit(actor, form.data);
  if (!result.ok) return data({ values, errors: result.errors, result: null }, { status: 400 });
  return { values, errors: null, result };
}

export default function AuditLog() {
  const { values, errors, result } = useLoaderData<typeof loader>();
  const { search } = useLocation();
  return (
    <>
      <ErrorSummary errors={errors ?? undefined} fieldOrder={FIELDS} />
      <h1 className="govuk-heading-l">Audit log</h1>
      <p className="govuk-body">
        Every sensitive read and change, newest first. Entries hold identifiers and reasons, never the content of
        records.{" "}
        <Link className="govuk-link" to="/audit/disclosures">
          See the disclosure log
        </Link>
        .
      </p>
      <Form method="get" key={search} noValidate role="search" aria-label="Search the audit log">
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-half">
            <TextInput
              name="person"
              label="Person's email address"
              type="email"
              autoComplete="off"
              spellCheck={false}
              defaultValue={values.person}
              error={errors?.person}
            />
            <TextInput
              name="case"
              label="Case reference"
              hint="For example, NS-2026-00001"
              spellCheck={false}
              width="20"
              defaultValue={values.case}
              error={errors?.case}
            />
            <TextInput
              name="actionPrefix"
              label="Action starts with"
              hint="For example, case. or record.create"
              spellCheck={false}
              width="20"
              defaultValue={values.actionPrefix}
              error={errors?.actionPrefix}
            />
          </div>
          <div className="govuk-grid-column-one-half">
            <TextInput
              name="from"
              label="From date"
              hint="A London date in the format yyyy-mm-dd, for example 2026-03-07"
              width="10"
              defaultValue={values.from}
              error={errors?.from}
            />
            <TextInput
              name="to"
              label="To date (including that day)"
              hint="For example, 2026-03-31"
              width="10"
              defaultValue={values.to}
              error={errors?.to}
            />
            <Select
              name="outcome"
              label="Outcome"
              emptyText="Any outcome"
              value={values.outcome}
              error={errors?.outcome}
              items={AUDIT_OUTCOMES.map((o) => ({ value: o, text: AUDIT_OUTCOME_LABELS[o] }))}
            />
          </div>
        </div>
        <Button>Search</Button>
      </Form>

      {result ? (
        <>
          <h2 className="govuk-heading-m" data-testid="audit-count">
            {result.total === 1 ? "1 entry" : `${result.total.toLocaleString("en-GB")} entries`}
          </h2>
          {result.entries.length ? (
            <table className="govuk-table app-audit-table" data-testid="audit-entries">
              <caption className="govuk-table__caption govuk-visually-hidden">Audit entries, newest first</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">
                    When
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Who
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Action
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Outcome
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Subject
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Case
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Purpose
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Detail
                  </th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {result.entries.map((e) => (
                  <tr className="govuk-table__row" key={e.seq}>
                    <td className="govuk-table__cell">{formatDateTime(e.at)}</td>
                    <td className="govuk-table__cell">
                      {e.who}
                      {e.agency ? (
                        <div className="govuk-hint govuk-!-font-size-16 govuk-!-margin-bottom-0">{e.agency}</div>
                      ) : null}
                    </td>
                    <td className="govuk-table__cell app-wrap-anywhere">{e.action}</td>
                    <td className="govuk-table__cell">
                      {AUDIT_OUTCOME_LABELS[e.outcome as keyof typeof AUDIT_OUTCOME_LABELS] ?? e.outcome}
                    </td>
                    <td className="govuk-table__cell app-wrap-anywhere">
                      {e.subjectType ? `${e.subjectType} ${e.subjectId ?? ""}` : ""}
                    </td>
                    <td className="govuk-table__cell">
                      {e.caseId ? (
                        <Link className="govuk-link" to={`/cases/${e.caseId}/access-log`}>
                          {e.caseReference ?? e.caseId}
                          <span className="govuk-visually-hidden">: who has seen this case</span>
                        </Link>
                      ) : null}
                    </td>
                    <td className="govuk-table__cell">{e.purpose ?? ""}</td>
                    <td className="govuk-table__cell app-wrap-anywhere">{e.detail ?? ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="govuk-body">No entries match. Change or remove some of the filters.</p>
          )}
          <Pagination
            page={result.page}
            pages={result.pages}
            hrefFor={(page) => withPage(search, page)}
            label="Pages of audit entries"
          />
        </>
      ) : null}
    </>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { TableContainer } from "~/components/table-container";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { isWithheld } from "~/access/redact";
import { CaseHeader } from "~/components/case-header";
import { AppForm, Button, ErrorSummary, Radios } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { RiskChart } from "~/components/risk-chart";
import { DateInput } from "~/components/date-input";
import { doneText, SuccessBanner } from "~/components/success-banner";
import { WithheldValue } from "~/components/withheld";
import { formatDate } from "~/domain/dates";
import { formValues } from "~/forms/parse-form";
import { requireActor } from "~/services/current-user.server";
import { riskPage } from "~/services/risk-assessment-views.server";
import { startAssessment } from "~/services/risk-assessments.server";
import { recordReleaseFromCustody } from "~/services/risk-review-triggers.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `Risk: case ${data.case.reference}` : "Risk");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return {
    ...riskPage(actor, params.caseId ?? ""),
    done: doneText(request, { release: "Release from custody recorded: a risk review task is open for the case team" }),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const caseId = params.caseId ?? "";
  const values = formValues(await request.formData());
  if (values.intent === "release") {
    const released = recordReleaseFromCustody(actor, caseId, values);
    if (!released.ok)
      return data({ intent: "release", errors: released.errors, values: released.values }, { status: 400 });
    throw redirect(`/cases/${encodeURIComponent(caseId)}/risk?done=release`);
  }
  const result = startAssessment(actor, caseId, values);
  if (!result.ok) return data({ intent: "start", errors: result.errors, values: result.values }, { status: 400 });
  throw redirect(`/cases/${encodeURIComponent(caseId)}/risk/${result.id}/edit`);
}

const LEVEL_TAG = { standard: "govuk-tag--green", medium: "govuk-tag--orange", high: "govuk-tag--red" } as const;

export default function RiskPage() {
  const { case: c, assessments, picture, startable, canRecordRelease, done } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const released = (part: string) =>
    result?.intent === "release" && typeof result.values[`releasedOn-${part}`] === "string"
      ? (result.values[`releasedOn-${part}`] as string)
      : "";
  return (
    <>
      <SuccessBanner text={result ? null : done} />
      <ErrorSummary errors={result?.errors} />
      <CaseHeader c={c} title="Risk" />

      <h2 className="govuk-heading-l">Risk picture</h2>
      {picture.entries.length === 0 ? (
        <p className="govuk-body">No signed-off risk assessments you can see on this case yet.</p>
      ) : (
        <>
          <p className="govuk-body">The latest signed-off judgement from each instrument and agency.</p>
          <TableContainer label="Risk picture">
            <table className="govuk-table" data-testid="risk-picture">
              <caption className="govuk-table__caption govuk-visually-hidden">Latest judgements</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">
                    Instrument
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Agency
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Risk
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Signed off
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Judgements
                  </th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {picture.entries.map((e) => (
                  <tr className="govuk-table__row" key={e.recordId}>
                    <td className="govuk-table__cell">
                      <Link className="govuk-link" to={`/cases/${c.id}/risk/${e.recordId}`}>
                        {e.instrument}
                      </Link>
                    </td>
                    <td className="govuk-table__cell">{e.ownerAgency}</td>
                    <td className="govuk-table__cell">
                      {e.riskLevel ? (
                        <strong className={`govuk-tag ${LEVEL_TAG[e.riskLevel]}`}>{e.riskLevelLabel}</strong>
                      ) : (
                        e.riskLevelLabel
                      )}
                    </td>
                    <td className="govuk-table__cell">
                      {formatDate(e.signedOffOn)}
                      <br />
                      <span className="govuk-body-s">{e.author}</span>
                    </td>
                    <td className="govuk-table__cell">
                      {isWithheld(e.judgements) ? (
                        <WithheldValue value={e.judgements} requestHref={`/cases/${c.id}/request-access`} />
                      ) : (
                        <ul className="govuk-list govuk-body-s">
                          {e.judgements.map((j) => (
                            <li key={j.label}>
                              {j.label}: {j.value}
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableContainer>
          <div className="govuk-grid-row">
            <div className="govuk-grid-column-two-thirds">
              <h3 className="govuk-heading-m">Risk over time</h3>
              <RiskChart points={picture.points} />
            </div>
            <div className="govuk-grid-column-one-third">
              <table className="govuk-table govuk-body-s" data-testid="risk-over-time">
                <caption className="govuk-table__caption govuk-table__caption--s">Risk over time: the figures</caption>
                <thead className="govuk-table__head">
                  <tr className="govuk-table__row">
                    <th scope="col" className="govuk-table__header">
                      Date
                    </th>
                    <th scope="col" className="govuk-table__header">
                      Instrument
                    </th>
                    <th scope="col" className="govuk-table__header">
                      Risk
                    </th>
                  </tr>
                </thead>
                <tbody className="govuk-table__body">
                  {picture.points.map((p, i) => (
                    <tr className="govuk-table__row" key={i}>
                      <td className="govuk-table__cell">{formatDate(p.on)}</td>
                      <td className="govuk-table__cell">
                        {p.instrument} ({p.ownerAgency})
                      </td>
                      <td className="govuk-table__cell">
                        {p.level === "high" ? "High" : p.level === "medium" ? "Medium" : "Standard"}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        </>
      )}

      <h2 className="govuk-heading-l">Assessments</h2>
      {assessments.length === 0 ? (
        <p className="govuk-body">None you can see.</p>
      ) : (
        <TableContainer label="Risk assessments on this case">
          <table className="govuk-table" data-testid="assessments">
            <caption className="govuk-table__caption govuk-visually-hidden">Assessments on this case</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">
                  Assessment
                </th>
                <th scope="col" className="govuk-table__header">
                  Agency and author
                </th>
                <th scope="col" className="govuk-table__header">
                  Status
                </th>
                <th scope="col" className="govuk-table__header">
                  Review by
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {assessments.map((a) => (
                <tr className="govuk-table__row" key={a.id} data-testid="assessment-row">
                  <td className="govuk-table__cell">
                    <Link className="govuk-link" to={`/cases/${c.id}/risk/${a.id}`}>
                      {a.instrument}, version {a.versionNumber}
                    </Link>
                    <br />
                    <span className="govuk-body-s">{a.summary}</span>
                  </td>
                  <td className="govuk-table__cell">
                    {a.ownerAgency}
                    {a.author !== a.ownerAgency ? `, ${a.author}` : ""}
                  </td>
                  <td className="govuk-table__cell">{a.stateLabel}</td>
                  <td className="govuk-table__cell">
                    {a.reviewDueOn ? formatDate(a.reviewDueOn) : ""}
                    {a.reviewOverdue ? (
                      <>
                        {" "}
                        <strong className="govuk-tag govuk-tag--red">Overdue</strong>
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableContainer>
      )}

      {startable.length ? (
        <AppForm method="post">
          <Radios
            name="instrument"
            legend="Start a risk assessment"
            error={result?.intent === "start" ? result.errors.instrument : undefined}
            items={startable.map((i) => ({ value: i.code, text: i.name, hint: i.description }))}
          />
          <Button name="intent" value="start">
            Start assessment
          </Button>
        </AppForm>
      ) : null}
      {canRecordRelease ? (
        <AppForm method="post">
          <h2 className="govuk-heading-m">Released from custody</h2>
          <p className="govuk-body">Recording a release opens a risk review task for the case team.</p>
          <DateInput
            name="releasedOn"
            legend="Date of release"
            legendSize="s"
            value={{ day: released("day"), month: released("month"), year: released("year") }}
            error={result?.intent === "release" ? result.errors.releasedOn : undefined}
          />
          <Button name="intent" value="release" secondary>
            Record release from custody
          </Button>
        </AppForm>
      ) : null}
    </>
  );
}

import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { pageTitle } from "~/components/page-title";
import { SuccessBanner } from "~/components/success-banner";
import { formatDate, formatDateTime } from "~/domain/dates";
import { actionPlan } from "~/services/action-plan.server";
import { requireActor } from "~/services/current-user.server";

export const meta: MetaFunction = () => pageTitle("Action plan");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return actionPlan(actor);
}

const SAVED_TEXT: Record<string, string> = {
  evidence: "Evidence linked",
  recommendation: "Recommendation added",
  requirement: "Requirement saved",
};

const STATUS_TAG = {
  not_started: "govuk-tag--grey",
  in_progress: "govuk-tag--blue",
  complete: "govuk-tag--green",
} as const;

export default function ActionPlan() {
  const { recommendations, canEdit } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const saved = params.get("saved");
  return (
    <>
      <SuccessBanner text={saved ? (SAVED_TEXT[saved] ?? null) : null} />
      <span className="govuk-caption-l">
        <Link className="govuk-link" to="/oversight">
          Oversight dashboard
        </Link>
      </span>
      <h1 className="govuk-heading-l">Action plan</h1>
      <p className="govuk-body">
        The partnership&apos;s response to the super-complaint recommendations: each recommendation, its numbered
        evidence requirements, who owns them, the latest update, status and how far each has got.
      </p>
      {canEdit ? (
        <Link className="govuk-button" to="/oversight/action-plan/new">
          Add a recommendation
        </Link>
      ) : null}
      {recommendations.length === 0 ? <p className="govuk-body">No recommendations in the plan yet.</p> : null}
      {recommendations.map((rec) => (
        <section
          key={rec.id}
          className="app-action-plan-recommendation"
          aria-labelledby={`rec-${rec.id}`}
          data-testid="recommendation"
        >
          <h2 className="govuk-heading-m" id={`rec-${rec.id}`}>
            Recommendation {rec.number}
          </h2>
          <p className="govuk-body">{rec.text}</p>
          <dl className="govuk-summary-list govuk-summary-list--no-border">
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Owner</dt>
              <dd className="govuk-summary-list__value">{rec.owner}</dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Overall progress</dt>
              <dd className="govuk-summary-list__value">{rec.percent}%</dd>
            </div>
          </dl>
          {rec.requirements.length ? (
            <table className="govuk-table">
              <caption className="govuk-table__caption govuk-table__caption--s">
                Evidence requirements for recommendation {rec.number}
              </caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">
                    Number
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Evidence requirement
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Owner
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Update
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Status
                  </th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                    Complete
                  </th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {rec.requirements.map((q) => (
                  <tr key={q.id} className="govuk-table__row" data-testid="requirement">
                    <th scope="row" className="govuk-table__header">
                      {canEdit ? (
                        <Link className="govuk-link" to={`/oversight/action-plan/requirements/${q.id}`}>
                          <span className="govuk-visually-hidden">Update requirement </span>
                          {q.number}
                        </Link>
                      ) : (
                        q.number
                      )}
                    </th>
                    <td className="govuk-table__cell">{q.requirement}</td>
                    <td className="govuk-table__cell">{q.owner}</td>
                    <td className="govuk-table__cell app-wrap-anywhere">
                      {q.update ? (
                        <p className="govuk-body-s govuk-!-margin-bottom-1">{q.update}</p>
                      ) : (
                        <span className="govuk-hint">No update yet</span>
                      )}
                      {q.updatedOn ? (
                        <p className="govuk-body-s govuk-!-margin-bottom-1">Date: {formatDate(q.updatedOn)}</p>
                      ) : null}
                      {q.evidence ? (
                        <p className="govuk-body-s govuk-!-margin-bottom-0" data-testid="evidence">
                          Evidence:{" "}
                          <Link
                            className="govuk-link"
                            to={`/oversight?${q.evidence.filters}#metric-${q.evidence.metric}`}
                          >
                            {q.evidence.value}
                          </Link>{" "}
                          (linked {formatDateTime(q.evidence.linkedAt)})
                        </p>
                      ) : null}
                    </td>
                    <td className="govuk-table__cell">
                      <strong className={`govuk-tag ${STATUS_TAG[q.status]}`}>{q.statusLabel}</strong>
                    </td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{q.percent}%</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="govuk-body">No evidence requirements yet.</p>
          )}
          {canEdit ? (
            <p className="govuk-body">
              <Link className="govuk-link" to={`/oversight/action-plan/${rec.id}/requirements/new`}>
                Add an evidence requirement
                <span className="govuk-visually-hidden"> to recommendation {rec.number}</span>
              </Link>
            </p>
          ) : null}
        </section>
      ))}
    </>
  );
}

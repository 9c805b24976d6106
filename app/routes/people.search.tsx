import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { BREAK_GLASS_HOURS } from "~/domain/break-glass";
import { requireActor } from "~/services/current-user.server";
import { findPeople, personSearchForm, type PersonResult, type Unseen } from "~/services/person-search.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data?.searched ? "Find a person: results" : "Find a person", data && "errors" in data ? data.errors : null);

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const q = new URL(request.url).searchParams.get("q");
  if (q === null) return { searched: false as const, q: "", ...personSearchForm(actor) };
  const result = findPeople(actor, q);
  if (!result.ok)
    return data(
      {
        searched: false as const,
        q: q.slice(0, 200),
        errors: result.errors,
        canRequestAccess: false,
        canBreakGlass: false,
      },
      { status: 400 },
    );
  return { searched: true as const, q, ...result };
}

export default function FindPerson() {
  const page = useLoaderData<typeof loader>();
  const errors = "errors" in page ? page.errors : undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <h1 className="govuk-heading-l">Find a person</h1>
        <p className="govuk-body">
          Find out whether someone is known to the partnership and which agencies hold records about them. You see the
          details only of cases you already work on; for anything else you can ask the agency for access.
        </p>
        <Form method="get" action="/people/search" role="search" aria-label="Find a person" noValidate>
          <div className={`govuk-form-group${errors?.q ? " govuk-form-group--error" : ""}`}>
            <label className="govuk-label govuk-label--m" htmlFor="q">
              Name or identifier
            </label>
            <div id="q-hint" className="govuk-hint">
              A name (or the start of each part of it), or a PNC, nDelius, NHS number or crime reference
            </div>
            {errors?.q ? (
              <p id="q-error" className="govuk-error-message">
                <span className="govuk-visually-hidden">Error:</span> {errors.q}
              </p>
            ) : null}
            <input
              className={`govuk-input govuk-!-width-two-thirds${errors?.q ? " govuk-input--error" : ""}`}
              id="q"
              name="q"
              type="search"
              defaultValue={page.q}
              spellCheck={false}
              autoComplete="off"
              aria-describedby={errors?.q ? "q-hint q-error" : "q-hint"}
            />
          </div>
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Search
          </button>
        </Form>
        {page.searched ? (
          <Results
            results={page.results}
            more={page.more}
            canRequestAccess={page.canRequestAccess}
            canBreakGlass={page.canBreakGlass}
          />
        ) : null}
        <p className="govuk-body">
          <Link className="govuk-link" to="/requests">
            Your access requests
          </Link>
        </p>
      </div>
    </div>
  );
}

function Results({
  results,
  more,
  canRequestAccess,
  canBreakGlass,
}: {
  results: PersonResult[];
  more: boolean;
  canRequestAccess: boolean;
  canBreakGlass: boolean;
}) {
  return (
    <section aria-labelledby="results-heading" data-testid="search-results">
      <h2 className="govuk-heading-m" id="results-heading">
        {results.length === 0 ? "No results" : results.length === 1 ? "1 result" : `${results.length} results`}
      </h2>
      {results.length === 0 ? (
        <p className="govuk-body">No one matching your search is known to the partnership.</p>
      ) : null}
      {more ? (
        <div className="govuk-inset-text">
          More people match than are shown here. Add more of the name, or search by an identifier.
        </div>
      ) : null}
      {results.map((r) =>
        r.kind === "visible" ? (
          <div className="govuk-summary-card" key={r.personId} data-testid="result">
            <div className="govuk-summary-card__title-wrapper">
              <h3 className="govuk-summary-card__title">{r.name}</h3>
            </div>
            <div className="govuk-summary-card__content">
              <p className="govuk-body">Cases you can see:</p>
              <ul className="govuk-list">
                {r.cases.map((c) => (
                  <li key={`${c.caseId}:${c.partyRole}`}>
                    <Link className="govuk-link" to={`/cases/${c.caseId}`}>
                      Case {c.reference}
                    </Link>{" "}
                    ({c.partyRole})
                  </li>
                ))}
              </ul>
              {r.elsewhere ? (
                <>
                  <p className="govuk-body">
                    This person is also known to the partnership through cases you cannot see.
                  </p>
                  <HeldBy
                    unseen={r.elsewhere}
                    personId={r.personId}
                    canRequestAccess={canRequestAccess}
                    canBreakGlass={canBreakGlass}
                  />
                </>
              ) : null}
            </div>
          </div>
        ) : (
          <div className="govuk-summary-card" key={r.personId} data-testid="result">
            <div className="govuk-summary-card__title-wrapper">
              <h3 className="govuk-summary-card__title">A person matching your search is known to the partnership</h3>
            </div>
            <div className="govuk-summary-card__content">
              <HeldBy
                unseen={r}
                personId={r.personId}
                canRequestAccess={canRequestAccess}
                canBreakGlass={canBreakGlass}
              />
            </div>
          </div>
        ),
      )}
    </section>
  );
}

function HeldBy({
  unseen,
  personId,
  canRequestAccess,
  canBreakGlass,
}: {
  unseen: Unseen;
  personId: string;
  canRequestAccess: boolean;
  canBreakGlass: boolean;
}) {
  const n = unseen.emergency.length;
  return (
    <>
      <h4 className="govuk-heading-s">Agencies holding records about them</h4>
      <dl className="govuk-summary-list" data-testid="held-by">
        {unseen.heldBy.map((a) => (
          <div className="govuk-summary-list__row" key={a.agencyId}>
            <dt className="govuk-summary-list__key">{a.agencyName}</dt>
            <dd className="govuk-summary-list__actions">
              {canRequestAccess ? (
                <a
                  className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                  role="button"
                  draggable="false"
                  data-module="govuk-button"
                  href={`/people/request-access?${new URLSearchParams({ person: personId, agency: a.agencyId })}`}
                >
                  Request access<span className="govuk-visually-hidden"> from {a.agencyName}</span>
                </a>
              ) : null}
            </dd>
          </div>
        ))}
      </dl>
      {canBreakGlass && n ? (
        <details className="govuk-details">
          <summary className="govuk-details__summary">
            <span className="govuk-details__summary-text">Emergency access</span>
          </summary>
          <div className="govuk-details__text">
            <p className="govuk-body">
              Only if someone may come to harm and you cannot wait for the agency to answer. Access lasts{" "}
              {BREAK_GLASS_HOURS} hours, every view is recorded, and it will be reviewed.
            </p>
            <ul className="govuk-list">
              {unseen.emergency.map((e, i) => (
                <li key={e.caseId}>
                  <a className="govuk-link" href={`/cases/${e.caseId}/break-glass`}>
                    Get emergency access to {n > 1 ? `case ${i + 1} of ${n}, ` : "the case "}led by {e.leadAgency}
                  </a>
                </li>
              ))}
            </ul>
          </div>
        </details>
      ) : null}
    </>
  );
}

import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { isWithheld } from "~/access/redact";
import { CaseHeader } from "~/components/case-header";
import { pageTitle } from "~/components/page-title";
import { doneText, SuccessBanner } from "~/components/success-banner";
import { WithheldValue } from "~/components/withheld";
import { formatDate } from "~/domain/dates";
import { requireActor } from "~/services/current-user.server";
import { IDENTIFIER_LABELS, type IdentifierKey } from "~/domain/person-identifiers";
import { casePeople } from "~/services/people.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `People: case ${data.case.reference}` : "People");

const DONE = { added: "Person added", linked: "Linked to an existing person record", updated: "Details changed" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return { ...casePeople(actor, params.caseId ?? ""), done: doneText(request, DONE) };
}

const ROLE_LABELS = { victim: "Victim", perpetrator: "Perpetrator or suspect" } as const;

function IdentifierRows({
  keys,
  values,
}: {
  keys: readonly IdentifierKey[];
  values: Partial<Record<IdentifierKey, string>>;
}) {
  return (
    <>
      {keys.map((k) => (
        <div className="govuk-summary-list__row" key={k}>
          <dt className="govuk-summary-list__key">{IDENTIFIER_LABELS[k]}</dt>
          <dd className="govuk-summary-list__value" data-testid={`identifier-${k}`}>
            {values[k] ?? "Not recorded"}
          </dd>
        </div>
      ))}
    </>
  );
}

export default function CasePeople() {
  const { case: c, parties, canEdit, done } = useLoaderData<typeof loader>();
  const requestHref = `/cases/${c.id}/request-access?agency=${c.leadAgencyId}`;
  return (
    <>
      <SuccessBanner text={done} />
      <CaseHeader c={c} title="People" />
      {done === DONE.linked ? (
        <div className="govuk-inset-text" data-testid="linked">
          An identifier you entered matches a person the partnership already knows, so this case now refers to that one
          person record. Their name as first recorded is kept; a different name you entered is kept as another name.
        </div>
      ) : null}
      {canEdit ? (
        <div className="govuk-button-group">
          <Link to={`/cases/${c.id}/people/new?role=victim`} className="govuk-button govuk-button--secondary">
            Add a victim
          </Link>
          <Link to={`/cases/${c.id}/people/new?role=perpetrator`} className="govuk-button govuk-button--secondary">
            Add a perpetrator or suspect
          </Link>
        </div>
      ) : null}
      {parties.length === 0 ? (
        <p className="govuk-body">No victim or perpetrator has been recorded on this case yet.</p>
      ) : null}
      {parties.map((p) => (
        <div className="govuk-summary-card" key={`${p.personId}-${p.partyRole}`} data-testid="party">
          <div className="govuk-summary-card__title-wrapper">
            <h2 className="govuk-summary-card__title">
              {p.name}
              <span className="govuk-visually-hidden">, {ROLE_LABELS[p.partyRole].toLowerCase()}</span>
            </h2>
            {canEdit ? (
              <ul className="govuk-summary-card__actions">
                <li className="govuk-summary-card__action">
                  <Link className="govuk-link" to={`/cases/${c.id}/people/${p.personId}`}>
                    Change<span className="govuk-visually-hidden"> {p.name}&apos;s details</span>
                  </Link>
                </li>
              </ul>
            ) : null}
          </div>
          <div className="govuk-summary-card__content">
            <dl className="govuk-summary-list">
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Role in the case</dt>
                <dd className="govuk-summary-list__value">{ROLE_LABELS[p.partyRole]}</dd>
              </div>
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Other names</dt>
                <dd className="govuk-summary-list__value">
                  {p.aliases.length ? (
                    <ul className="govuk-list">
                      {p.aliases.map((a) => (
                        <li key={a}>{a}</li>
                      ))}
                    </ul>
                  ) : (
                    "None recorded"
                  )}
                </dd>
              </div>
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Date of birth</dt>
                <dd className="govuk-summary-list__value" data-testid="date-of-birth">
                  {isWithheld(p.details) ? (
                    <WithheldValue value={p.details} requestHref={requestHref} />
                  ) : p.details.dateOfBirth ? (
                    formatDate(`${p.details.dateOfBirth}T12:00:00Z`)
                  ) : (
                    "Not recorded"
                  )}
                </dd>
              </div>
              {isWithheld(p.details) ? (
                <div className="govuk-summary-list__row">
                  <dt className="govuk-summary-list__key">Identifiers</dt>
                  <dd className="govuk-summary-list__value" data-testid="identifiers">
                    <WithheldValue value={p.details} requestHref={requestHref} />
                  </dd>
                </div>
              ) : (
                <IdentifierRows keys={p.identifierKeys} values={p.details.identifiers} />
              )}
              {p.partyRole === "victim" ? (
                <div className="govuk-summary-list__row">
                  <dt className="govuk-summary-list__key">Contact details</dt>
                  <dd className="govuk-summary-list__value">
                    <Link className="govuk-link" to={`/cases/${c.id}/victim-care#contact`}>
                      Contact details and safe-contact preferences
                    </Link>{" "}
                    are on the Victim care page
                  </dd>
                </div>
              ) : (
                <div className="govuk-summary-list__row">
                  <dt className="govuk-summary-list__key">Other cases</dt>
                  <dd className="govuk-summary-list__value" data-testid="other-cases">
                    {p.otherCases.length ? (
                      <>
                        <p className="govuk-body">
                          <strong>
                            Also recorded as perpetrator in {p.otherCases.length} other{" "}
                            {p.otherCases.length === 1 ? "case" : "cases"}
                          </strong>
                        </p>
                        <ul className="govuk-list">
                          {p.otherCases.map((o) => (
                            <li key={o.caseId}>
                              <Link className="govuk-link" to={`/cases/${o.caseId}`}>
                                {o.reference}
                              </Link>
                            </li>
                          ))}
                        </ul>
                      </>
                    ) : (
                      <p className="govuk-body">Not recorded as perpetrator in any other case you can see</p>
                    )}
                    {p.knownElsewhere ? (
                      <p className="govuk-body" data-testid="known-elsewhere">
                        Known to the partnership in other cases you cannot see.{" "}
                        <Link className="govuk-link" to={`/people/search?q=${encodeURIComponent(p.searchQuery)}`}>
                          Find who holds records<span className="govuk-visually-hidden"> about {p.name}</span>
                        </Link>
                      </p>
                    ) : null}
                  </dd>
                </div>
              )}
            </dl>
          </div>
        </div>
      ))}
    </>
  );
}

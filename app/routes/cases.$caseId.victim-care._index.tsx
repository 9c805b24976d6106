import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { withheld } from "~/access/redact";
import { CaseHeader } from "~/components/case-header";
import { pageTitle } from "~/components/page-title";
import { doneText, SuccessBanner } from "~/components/success-banner";
import { Row } from "~/components/victim-care";
import { WithheldValue } from "~/components/withheld";
import { formatDate, formatDateTime } from "~/domain/dates";
import {
  CONTACT_METHOD_LABELS,
  ENHANCED_RIGHTS_REASON_LABELS,
  NEED_LEVEL_LABELS,
  NEEDS_AREA_LABELS,
  NEEDS_AREAS,
  ONLINE_SAFETY_ADVICE_LABELS,
  REFERRAL_RESPONSE_LABELS,
  RIGHTS_EXPLAINED_HOW_LABELS,
  SUPPORT_SERVICE_LABELS,
  UPDATE_METHOD_LABELS,
} from "~/domain/victim-care";
import { requireActor } from "~/services/current-user.server";
import { victimCarePage } from "~/services/victim-care.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `Victim care: case ${data.case.reference}` : "Victim care");

const DONE = {
  contact: "Contact details saved",
  rights: "Victims' Code rights saved",
  needs: "Needs assessment saved",
  updates: "Agreed updates saved",
  update_given: "Update recorded",
  referral: "Referral saved",
  referral_response: "Response saved",
  safety_plan: "Safety plan saved",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return { ...victimCarePage(actor, params.caseId ?? ""), done: doneText(request, DONE) };
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type AnyItem = {
  level: "full" | "summary";
  summary: string;
  ownerAgency: string;
  ownerAgencyId: string;
  recordedBy: string;
  updatedAt: string;
  version: number;
} | null;

/** One section: its heading, then the item in full, its summary line with the details withheld, or "not recorded". */
function Section({
  id,
  title,
  d,
  item,
  recordHref,
  recordText,
  changeText,
  children,
}: {
  id: string;
  title: string;
  d: Data;
  item: AnyItem;
  recordHref: string;
  recordText: string;
  changeText: string;
  children: ReactNode;
}) {
  const base = `/cases/${d.case.id}`;
  return (
    <section
      id={id}
      className="govuk-!-margin-bottom-8"
      aria-labelledby={`${id}-heading`}
      data-testid={`section-${id}`}
    >
      <h2 className="govuk-heading-m" id={`${id}-heading`}>
        {title}
      </h2>
      {!item ? (
        d.careVisible ? (
          <p className="govuk-body">Not recorded yet.</p>
        ) : (
          <p className="govuk-body">
            <WithheldValue value={withheld(d.careHeldBy)} requestHref={`${base}/request-access`} />
          </p>
        )
      ) : item.level === "summary" ? (
        <>
          <p className="govuk-body" data-testid="summary-line">
            {item.summary}
          </p>
          <p className="govuk-body">
            Details:{" "}
            <WithheldValue
              value={withheld(item.ownerAgency)}
              requestHref={`${base}/request-access?agency=${item.ownerAgencyId}`}
            />
          </p>
        </>
      ) : (
        <>
          {children}
          <p className="govuk-body-s app-secondary-text">
            Recorded by {item.recordedBy}, {item.ownerAgency}, {formatDateTime(item.updatedAt)}
            {item.version > 1 ? ` (version ${item.version})` : ""}
          </p>
        </>
      )}
      {d.canRecordCare && (!item || item.level === "full") ? (
        <p className="govuk-body">
          <Link className="govuk-link" to={recordHref}>
            {item ? changeText : recordText}
          </Link>
        </p>
      ) : null}
    </section>
  );
}

function ContactSection({ d }: { d: Data }) {
  const base = `/cases/${d.case.id}`;
  const contact = d.contact;
  return (
    <section
      id="contact"
      className="govuk-!-margin-bottom-8"
      aria-labelledby="contact-heading"
      data-testid="section-contact"
    >
      <h2 className="govuk-heading-m" id="contact-heading">
        Contact details and safe-contact preferences
      </h2>
      {contact.state === "withheld" ? (
        <p className="govuk-body" data-testid="contact-withheld">
          <WithheldValue value={withheld(contact.heldBy)} requestHref={`${base}/request-access`} />
        </p>
      ) : contact.state === "none" ? (
        <p className="govuk-body" data-testid="contact-none">
          No contact details recorded
        </p>
      ) : (
        <>
          <dl className="govuk-summary-list" data-testid="contact-details">
            <Row label="Address">
              {contact.item.body?.address ? <span className="app-multiline">{contact.item.body.address}</span> : null}
            </Row>
            <Row label="Phone number">{contact.item.body?.phone}</Row>
            <Row label="Email address">{contact.item.body?.email}</Row>
            <Row label="Workplace">{contact.item.body?.workplace}</Row>
            <Row label="Safe times to call">{contact.item.body?.safeTimes}</Row>
            <Row label="Safest way to contact">
              {contact.item.body?.safeMethod ? CONTACT_METHOD_LABELS[contact.item.body.safeMethod] : null}
            </Row>
            <Row label="Ways NOT to use">
              {contact.item.body?.avoidMethods.map((m) => CONTACT_METHOD_LABELS[m]).join(", ")}
            </Row>
            <Row label="Safe to leave messages">
              {contact.item.body?.leaveMessages === null || contact.item.body?.leaveMessages === undefined
                ? null
                : contact.item.body.leaveMessages
                  ? "Yes"
                  : "No"}
            </Row>
            <Row label="Notes">
              {contact.item.body?.notes ? <span className="app-multiline">{contact.item.body.notes}</span> : null}
            </Row>
          </dl>
          <p className="govuk-body-s app-secondary-text">
            Recorded by {contact.item.recordedBy}, {contact.item.ownerAgency}, {formatDateTime(contact.item.updatedAt)}
            {contact.item.version > 1 ? ` (version ${contact.item.version})` : ""}
          </p>
        </>
      )}
      {d.canRecordContact && contact.state !== "withheld" ? (
        <p className="govuk-body">
          <Link className="govuk-link" to={`${base}/victim-care/contact`}>
            {contact.state === "shown" ? "Change contact details" : "Record contact details"}
          </Link>
        </p>
      ) : null}
    </section>
  );
}

export default function VictimCare() {
  const d = useLoaderData<typeof loader>();
  const base = `/cases/${d.case.id}/victim-care`;
  const rights = d.victimsCode?.body;
  const needs = d.needs?.body;
  const plan = d.plan?.body;
  const safety = d.safetyPlan?.body;
  return (
    <>
      <SuccessBanner text={d.done} />
      <CaseHeader c={d.case} title="Victim care" />
      <p className="govuk-body">
        What the victim needs, what they have been told, and how they are kept safe and up to date. Victims should only
        have to tell their story once.
      </p>

      <ContactSection d={d} />

      <Section
        id="rights"
        title="Victims' Code enhanced rights"
        d={d}
        item={d.victimsCode}
        recordHref={`${base}/rights`}
        recordText="Record enhanced rights"
        changeText="Change enhanced rights"
      >
        {rights ? (
          <dl className="govuk-summary-list">
            <Row label="Entitled to enhanced rights">
              {rights.entitled === null
                ? null
                : rights.entitled
                  ? `Yes: ${rights.reasons.map((r) => ENHANCED_RIGHTS_REASON_LABELS[r]).join(", ")}`
                  : "No"}
            </Row>
            <Row label="Rights explained">
              {rights.explained
                ? `${rights.explained.on ? formatDate(rights.explained.on) : "Date not recorded"}, by ${rights.explained.by || "someone not recorded"}${rights.explained.how ? `, ${RIGHTS_EXPLAINED_HOW_LABELS[rights.explained.how].toLowerCase()}` : ""}`
                : "Not yet"}
            </Row>
          </dl>
        ) : null}
      </Section>

      <Section
        id="needs"
        title="Victim needs assessment"
        d={d}
        item={d.needs}
        recordHref={`${base}/needs`}
        recordText="Record a needs assessment"
        changeText="Change the needs assessment"
      >
        {needs ? (
          <>
            <table className="govuk-table">
              <caption className="govuk-table__caption govuk-table__caption--s">
                Completed {needs.completedOn ? formatDate(needs.completedOn) : "on a date not recorded"}
              </caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">
                    Area
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Need
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Notes
                  </th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {NEEDS_AREAS.map((a) => (
                  <tr className="govuk-table__row" key={a}>
                    <th scope="row" className="govuk-table__header">
                      {NEEDS_AREA_LABELS[a]}
                    </th>
                    <td className="govuk-table__cell">
                      {needs.areas[a].level ? (
                        <strong
                          className={`govuk-tag ${needs.areas[a].level === "high" ? "govuk-tag--red" : needs.areas[a].level === "some" ? "govuk-tag--yellow" : "govuk-tag--grey"}`}
                        >
                          {NEED_LEVEL_LABELS[needs.areas[a].level]}
                        </strong>
                      ) : (
                        "Not recorded"
                      )}
                    </td>
                    <td className="govuk-table__cell app-multiline">{needs.areas[a].notes}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ) : null}
      </Section>

      <Section
        id="updates"
        title="Agreed updates"
        d={d}
        item={d.plan}
        recordHref={`${base}/updates`}
        recordText="Agree updates with the victim"
        changeText="Record an update given or change the agreement"
      >
        {plan ? (
          <dl className="govuk-summary-list">
            <Row label="How often">
              {plan.frequencyDays ? `Every ${plan.frequencyDays} ${plan.frequencyDays === 1 ? "day" : "days"}` : null}
            </Row>
            <Row label="How">{plan.method ? UPDATE_METHOD_LABELS[plan.method] : null}</Row>
            <Row label="Agreed on">{plan.agreedOn ? formatDate(plan.agreedOn) : null}</Row>
            <Row label="Last update given">
              {d.plan?.plan?.lastUpdateOn ? formatDate(d.plan.plan.lastUpdateOn) : "None yet"}
            </Row>
            <Row label="Next update due">
              {d.plan?.plan ? (
                <span data-testid="next-update-due">
                  {formatDate(d.plan.plan.nextDueOn)}
                  {d.plan.plan.due === "overdue" ? (
                    <strong className="govuk-tag govuk-tag--red app-tag-gap">Overdue</strong>
                  ) : d.plan.plan.due === "due_soon" ? (
                    <strong className="govuk-tag govuk-tag--yellow app-tag-gap">Due within 7 days</strong>
                  ) : null}
                </span>
              ) : null}
            </Row>
          </dl>
        ) : null}
      </Section>

      <section
        id="referrals"
        className="govuk-!-margin-bottom-8"
        aria-labelledby="referrals-heading"
        data-testid="section-referrals"
      >
        <h2 className="govuk-heading-m" id="referrals-heading">
          Referrals to specialist support
        </h2>
        {d.referrals.length === 0 ? (
          d.careVisible ? (
            <p className="govuk-body">No referrals recorded yet.</p>
          ) : null
        ) : (
          <ul className="govuk-list govuk-list--spaced">
            {d.referrals.map((r) => (
              <li key={r.id} data-testid="referral">
                {r.body ? (
                  <>
                    <strong>
                      {r.body.service === "other"
                        ? r.body.otherService || SUPPORT_SERVICE_LABELS.other
                        : r.body.service
                          ? SUPPORT_SERVICE_LABELS[r.body.service]
                          : "Service not recorded"}
                    </strong>
                    : offered {r.body.offeredOn ? formatDate(r.body.offeredOn) : "on a date not recorded"};{" "}
                    {REFERRAL_RESPONSE_LABELS[r.body.response].toLowerCase()}
                    {r.body.respondedOn ? ` on ${formatDate(r.body.respondedOn)}` : ""}.{" "}
                    {d.canRecordCare ? (
                      <Link className="govuk-link" to={`${base}/referrals?referral=${r.id}`}>
                        Record the response
                        <span className="govuk-visually-hidden">
                          {" "}
                          to the referral offered {r.body.offeredOn ? formatDate(r.body.offeredOn) : ""}
                        </span>
                      </Link>
                    ) : null}
                  </>
                ) : (
                  <>
                    <span data-testid="summary-line">{r.summary}</span>. Details:{" "}
                    <WithheldValue value={withheld(r.ownerAgency)} requestHref={`/records/${r.id}/request-access`} />
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
        {d.careVisible ? null : (
          <p className="govuk-body">
            <WithheldValue value={withheld(d.careHeldBy)} requestHref={`/cases/${d.case.id}/request-access`} />
          </p>
        )}
        {d.canRecordCare ? (
          <p className="govuk-body">
            <Link className="govuk-link" to={`${base}/referrals`}>
              Add a referral
            </Link>
          </p>
        ) : null}
      </section>

      <Section
        id="safety-plan"
        title="Safety plan"
        d={d}
        item={d.safetyPlan}
        recordHref={`${base}/safety-plan`}
        recordText="Record a safety plan"
        changeText="Change the safety plan"
      >
        {safety ? (
          <dl className="govuk-summary-list" data-testid="safety-plan">
            <Row label="Safety measures">
              {safety.measures.length ? (
                <ul className="govuk-list govuk-list--bullet">
                  {safety.measures.map((m, i) => (
                    <li key={i}>{m}</li>
                  ))}
                </ul>
              ) : null}
            </Row>
            <Row label="Online safety advice given">
              {safety.advice.length ? (
                <ul className="govuk-list govuk-list--bullet">
                  {safety.advice.map((a) => (
                    <li key={a}>{ONLINE_SAFETY_ADVICE_LABELS[a]}</li>
                  ))}
                </ul>
              ) : null}
            </Row>
            <Row label="Other advice or notes">
              {safety.otherAdvice ? <span className="app-multiline">{safety.otherAdvice}</span> : null}
            </Row>
            <Row label="Next review">{safety.reviewOn ? formatDate(safety.reviewOn) : null}</Row>
          </dl>
        ) : null}
      </Section>
    </>
  );
}

import { Link, useLocation } from "@remix-run/react";
import { CASE_STATUS_LABELS, type CaseStatus } from "~/domain/case-vocabulary";

export type CaseHeaderData = { id: string; reference: string; status: string; leadAgency: string; priority: string };

/** The sections of a case, in the order they appear in the case's sub-navigation. */
export const CASE_SECTIONS = [
  { path: "", label: "Overview" },
  { path: "people", label: "People" },
  { path: "incidents", label: "Course of conduct" },
  { path: "orders", label: "Offences and orders" },
  { path: "victim-care", label: "Victim care" },
  { path: "risk", label: "Risk" },
  { path: "notes", label: "Notes" },
  { path: "tasks", label: "Tasks" },
  { path: "referrals", label: "Referrals" },
] as const;

/** Case reference, status and the MOJ sub-navigation shared by every page of a case. */
export function CaseHeader({ c, title }: { c: CaseHeaderData; title?: string }) {
  const { pathname } = useLocation();
  const base = `/cases/${c.id}`;
  return (
    <>
      <span className="govuk-caption-l">
        Case {c.reference}, led by {c.leadAgency}
      </span>
      <h1 className="govuk-heading-l">{title ?? `Case ${c.reference}`}</h1>
      <p className="govuk-body">
        <strong className="govuk-tag govuk-tag--blue" data-testid="case-status">
          {CASE_STATUS_LABELS[c.status as CaseStatus] ?? c.status}
        </strong>
        {c.priority === "raised" ? (
          <strong className="govuk-tag govuk-tag--red app-tag-gap" data-testid="case-priority">
            Priority raised
          </strong>
        ) : null}
      </p>
      <nav className="moj-sub-navigation" aria-label="Case sections">
        <ul className="moj-sub-navigation__list">
          {CASE_SECTIONS.map((s) => {
            const href = s.path ? `${base}/${s.path}` : base;
            const current = s.path ? pathname.startsWith(href) : pathname === base || pathname === `${base}/`;
            return (
              <li className="moj-sub-navigation__item" key={s.label}>
                <Link className="moj-sub-navigation__link" to={href} aria-current={current ? "page" : undefined}>
                  {s.label}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
    </>
  );
}

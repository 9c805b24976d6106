import { Link, useLocation, useRouteLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { CASE_STATUS_LABELS, type CaseStatus } from "~/domain/case-vocabulary";
import type { RootData } from "~/root-data";
import { useCollapsibleMenu } from "./use-collapsible-menu";
import { readsPreSentence } from "~/access/workflow-roles";

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
  { path: "documents", label: "Documents" },
  { path: "tasks", label: "Tasks" },
  { path: "referrals", label: "Referrals" },
  { path: "pre-sentence", label: "Pre-sentence input" },
] as const;

/** The case sections someone with these roles is shown. */
export function caseSectionsFor(roles: readonly string[]) {
  return CASE_SECTIONS.filter((s) => s.path !== "pre-sentence" || readsPreSentence({ roles }));
}

/** Case reference, status and the MOJ sub-navigation shared by every page of a case. */
export function CaseHeader({ c, title }: { c: CaseHeaderData; title?: string }) {
  const { pathname } = useLocation();
  const roles = useRouteLoaderData<RootData>("root")?.user?.roles ?? [];
  const base = `/cases/${c.id}`;
  const collapsible = useCollapsibleMenu();
  const [open, setOpen] = useState(false);
  useEffect(() => setOpen(false), [pathname]);
  const sections = caseSectionsFor(roles).map((s) => {
    const href = s.path ? `${base}/${s.path}` : base;
    return {
      label: s.label,
      href,
      current: s.path ? pathname.startsWith(href) : pathname === base || pathname === `${base}/`,
    };
  });
  const currentLabel = sections.find((s) => s.current)?.label ?? "Case sections";
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
      <nav className="moj-sub-navigation app-sub-navigation" aria-label="Case sections">
        {/* On a phone the ten sections collapse behind a toggle naming the one shown (after hydration only). */}
        <button
          type="button"
          className="app-sub-navigation__toggle"
          aria-controls="case-sections"
          aria-expanded={open}
          hidden={!collapsible}
          onClick={() => setOpen(!open)}
        >
          <span className="govuk-visually-hidden">Case sections: </span>
          {currentLabel}
        </button>
        <ul className="moj-sub-navigation__list" id="case-sections" hidden={collapsible && !open}>
          {sections.map((s) => (
            <li className="moj-sub-navigation__item" key={s.label}>
              <Link className="moj-sub-navigation__link" to={s.href} aria-current={s.current ? "page" : undefined}>
                {s.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </>
  );
}

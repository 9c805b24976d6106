import { EXISTENCE_ROLES } from "~/access/ability";
import { seesActionTracker } from "~/access/action-tracker";
import { SUPERVISOR_ROLES } from "~/access/baseline-policy";
import { hasRole } from "~/domain/roles";

export type NavItem = { href: string; text: string };

/** Primary navigation by role: people see only the parts of the service their roles use. */
export function navigationFor(user: { roles: string[]; agencyId: string }): NavItem[] {
  const items: NavItem[] = [{ href: "/", text: "My work" }];
  const caseworker = hasRole(user.roles, ...EXISTENCE_ROLES);
  if (caseworker) {
    items.push({ href: "/cases", text: "Cases" });
    items.push({ href: "/search", text: "Search" });
    items.push({ href: "/people/search", text: "Find a person" });
    items.push({ href: "/shared", text: "Shared with you" });
    items.push({ href: "/meetings", text: "Meetings" });
  }
  if (seesActionTracker(user)) items.push({ href: "/actions", text: "Actions" });
  if (hasRole(user.roles, ...SUPERVISOR_ROLES, "auditor")) items.push({ href: "/reviews", text: "Reviews" });
  if (hasRole(user.roles, "auditor")) items.push({ href: "/audit", text: "Audit" });
  if (hasRole(user.roles, "clinic_coordinator")) items.push({ href: "/clinic/referrals", text: "Clinic referrals" });
  if (hasRole(user.roles, "mappa_coordinator", ...SUPERVISOR_ROLES)) items.push({ href: "/mappa/referrals", text: "MAPPA referrals" });
  if (hasRole(user.roles, "performance_lead", ...SUPERVISOR_ROLES)) items.push({ href: "/oversight", text: "Oversight" });
  if (hasRole(user.roles, "system_admin")) items.push({ href: "/admin/agencies", text: "Agencies" }, { href: "/admin/outbox", text: "Email outbox" });
  if (hasRole(user.roles, "system_admin", "agency_admin", "auditor")) items.push({ href: "/admin/agreements", text: "Sharing agreements" });
  if (hasRole(user.roles, "agency_admin")) items.push({ href: `/admin/agencies/${user.agencyId}`, text: "People" });
  items.push({ href: "/account/sessions", text: "Your account" });
  return items;
}

export function isCurrent(href: string, pathname: string): boolean {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

import { hasRole } from "~/domain/roles";

export type NavItem = { href: string; text: string };

/** Primary navigation by role: people see only the parts of the service their roles use. */
export function navigationFor(user: { roles: string[]; agencyId: string }): NavItem[] {
  const items: NavItem[] = [{ href: "/", text: "My work" }];
  if (hasRole(user.roles, "system_admin")) items.push({ href: "/admin/agencies", text: "Agencies" });
  if (hasRole(user.roles, "agency_admin")) items.push({ href: `/admin/agencies/${user.agencyId}`, text: "People" });
  items.push({ href: "/account/sessions", text: "Your account" });
  return items;
}

export function isCurrent(href: string, pathname: string): boolean {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

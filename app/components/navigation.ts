/** A link in the primary navigation (chosen on the server: app/services/navigation.server.ts). */
export type NavItem = { href: string; text: string };

export function isCurrent(href: string, pathname: string): boolean {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

import type { Actor } from "~/access/actor";
import { opens } from "~/access/service-areas.server";
import type { NavItem } from "~/components/navigation";

/** Primary navigation: a link to each part of the service the person may open, by the predicate its page checks. */
export function navigationFor(actor: Actor): NavItem[] {
  const items: NavItem[] = [{ href: "/", text: "My work" }];
  if (opens(actor, "caseWork")) {
    items.push({ href: "/cases", text: "Cases" });
    items.push({ href: "/search", text: "Search" });
    items.push({ href: "/people/search", text: "Find a person" });
    items.push({ href: "/shared", text: "Shared with you" });
    items.push({ href: "/meetings", text: "Meetings" });
  }
  if (opens(actor, "actionTracker")) items.push({ href: "/actions", text: "Actions" });
  if (opens(actor, "reviews")) items.push({ href: "/reviews", text: "Reviews" });
  if (opens(actor, "auditLog")) items.push({ href: "/audit", text: "Audit" });
  if (opens(actor, "clinicReferrals")) items.push({ href: "/clinic/referrals", text: "Clinic referrals" });
  if (opens(actor, "mappaReferrals")) items.push({ href: "/mappa/referrals", text: "MAPPA referrals" });
  if (opens(actor, "oversight")) items.push({ href: "/oversight", text: "Oversight" });
  if (opens(actor, "agencies")) items.push({ href: "/admin/agencies", text: "Agencies" });
  if (opens(actor, "emailOutbox")) items.push({ href: "/admin/outbox", text: "Email outbox" });
  if (opens(actor, "agreements")) items.push({ href: "/admin/agreements", text: "Sharing agreements" });
  if (opens(actor, "retentionReviews")) items.push({ href: "/retention", text: "Retention reviews" });
  if (opens(actor, "subjectAccess")) items.push({ href: "/subject-access", text: "Subject access" });
  if (opens(actor, "retentionSchedules")) items.push({ href: "/admin/retention", text: "Retention schedules" });
  if (opens(actor, "ownAgencyPeople")) items.push({ href: `/admin/agencies/${actor.agencyId}`, text: "People" });
  if (opens(actor, "agencyEmails")) items.push({ href: "/admin/emails", text: "Emails" });
  if (opens(actor, "serviceAccounts")) items.push({ href: "/admin/service-accounts", text: "API accounts" });
  if (opens(actor, "caseImports")) items.push({ href: "/admin/imports", text: "Import cases" });
  items.push({ href: "/account/sessions", text: "Your account" });
  return items;
}

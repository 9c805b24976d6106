import type { NavItem } from "~/components/navigation";

/** What the root loader gives every page: the CSRF token for forms, who is signed in and where they may go. */
export type RootData = {
  csrfToken: string;
  demo: boolean;
  user: {
    name: string;
    agencyName: string;
    agencyId: string;
    roles: string[];
    roleLabel: string;
    unreadNotifications: number;
    navigation: NavItem[];
  } | null;
};

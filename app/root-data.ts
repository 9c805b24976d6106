/** What the root loader gives every page: the CSRF token for forms and who is signed in. */
export type RootData = {
  csrfToken: string;
  demo: boolean;
  user: { name: string; agencyName: string; agencyId: string; roles: string[]; roleLabel: string; unreadNotifications: number } | null;
};

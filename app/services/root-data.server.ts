import { getConfig } from "~/config.server";
import { roleLabel } from "~/domain/roles";
import type { RootData } from "~/root-data";
import { optionalActor } from "./current-user.server";
import { navigationFor } from "./navigation.server";
import { unreadNotificationCount } from "./notifications.server";

export async function rootData(request: Request, csrfToken: string): Promise<RootData> {
  const actor = await optionalActor(request);
  return {
    csrfToken,
    demo: getConfig().demo,
    user: actor
      ? {
          name: actor.name,
          agencyName: actor.agencyName,
          agencyId: actor.agencyId,
          roles: actor.roles,
          roleLabel: actor.roles.map(roleLabel).join(", "),
          unreadNotifications: unreadNotificationCount(actor.userId),
          navigation: navigationFor(actor),
        }
      : null,
  };
}

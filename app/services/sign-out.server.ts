import { audit } from "~/access/audit.server";
import { blankSessionCookie, endSession, getSession } from "./sessions.server";

export async function signOut(request: Request): Promise<{ cookie: string }> {
  const found = await getSession(request);
  if (found) {
    await endSession(found.session.id);
    audit({ actorUserId: found.user.id, actorAgencyId: found.user.agencyId, action: "auth.sign_out", outcome: "done" });
  }
  return { cookie: blankSessionCookie() };
}

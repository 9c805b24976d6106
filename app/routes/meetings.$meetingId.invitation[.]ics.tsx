import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireActor } from "~/services/current-user.server";
import { meetingCalendar } from "~/services/meeting-invitations.server";

// /meetings/:meetingId/invitation.ics: the meeting as a calendar file for an invitee (RFC 5545; no case details).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const file = meetingCalendar(actor, params.meetingId ?? "", new URL(request.url).origin);
  return new Response(file.body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="${file.filename}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

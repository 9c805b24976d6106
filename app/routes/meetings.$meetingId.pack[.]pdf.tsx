import type { LoaderFunctionArgs } from "@remix-run/node";
import { downloadResponse } from "~/exports/download.server";
import { requireActor } from "~/services/current-user.server";
import { exportAgendaPack } from "~/services/agenda-pack.server";

// /meetings/:meetingId/pack.pdf: the invitee's own agenda pack as a PDF (a resource route).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return downloadResponse(await exportAgendaPack(actor, params.meetingId ?? ""));
}

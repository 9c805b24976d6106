import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireActor } from "~/services/current-user.server";
import { downloadResponse } from "~/exports/download.server";
import { exportMinutes } from "~/services/minutes-export.server";

// /meetings/:meetingId/minutes.docx: the signed-off minutes as a Word file (a resource route: no page of its own).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return downloadResponse(await exportMinutes(actor, params.meetingId ?? "", "docx"));
}

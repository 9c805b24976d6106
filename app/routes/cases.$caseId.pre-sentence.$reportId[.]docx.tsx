import type { LoaderFunctionArgs } from "@remix-run/node";
import { downloadResponse } from "~/exports/download.server";
import { requireActor } from "~/services/current-user.server";
import { exportReport } from "~/services/pre-sentence-export.server";

// /cases/:caseId/pre-sentence/:reportId.docx: signed-off pre-sentence input as a Word file (a resource route).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return downloadResponse(await exportReport(actor, params.caseId ?? "", params.reportId ?? "", "docx"));
}

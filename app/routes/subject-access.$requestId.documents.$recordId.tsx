import type { LoaderFunctionArgs } from "@remix-run/node";
import { downloadResponse } from "~/exports/download.server";
import { requireActor } from "~/services/current-user.server";
import { subjectAccessDocumentFile } from "~/services/subject-access.server";

// /subject-access/:requestId/documents/:recordId: a released document's file, sent with the bundle (a resource route).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return downloadResponse(await subjectAccessDocumentFile(actor, params.requestId ?? "", params.recordId ?? ""));
}

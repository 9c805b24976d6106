import type { LoaderFunctionArgs } from "@remix-run/node";
import { downloadResponse } from "~/exports/download.server";
import { requireActor } from "~/services/current-user.server";
import { exportSubjectAccessPdf } from "~/services/subject-access.server";

// /subject-access/:requestId.pdf: the bundle with its schedule of disclosed and withheld records (a resource route).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return downloadResponse(await exportSubjectAccessPdf(actor, params.requestId ?? ""));
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { downloadResponse } from "~/exports/download.server";
import { chronologyFile } from "~/services/chronology.server";
import { requireActor } from "~/services/current-user.server";

// /cases/:caseId/chronology.csv: the case's chronology, cut for the reader (issue 22).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return downloadResponse(await chronologyFile(actor, params.caseId ?? "", "csv"));
}

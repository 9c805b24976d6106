import type { LoaderFunctionArgs } from "@remix-run/node";
import { downloadResponse } from "~/exports/download.server";
import { importTemplate } from "~/services/case-import.server";
import { requireActor } from "~/services/current-user.server";

// /admin/imports/template.csv: the import template (decision 0055).
export async function loader({ request }: LoaderFunctionArgs) {
  return downloadResponse(await importTemplate(await requireActor(request), "csv"));
}

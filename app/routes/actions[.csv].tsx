import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { requireActor } from "~/services/current-user.server";
import { actionTrackerCsv } from "~/services/action-tracker.server";

// /actions.csv: the action tracker's filtered list as a CSV download (a resource route).
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const url = new URL(request.url);
  const file = actionTrackerCsv(actor, {
    owner: url.searchParams.get("owner") ?? "",
    case: url.searchParams.get("case") ?? "",
    due: url.searchParams.get("due") ?? "",
  });
  // Bad filters: the page with the same filters shows what is wrong in its error summary.
  if (!("csv" in file)) throw redirect(`/actions${url.search}`);
  return new Response(file.csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${file.filename}"`,
      "Cache-Control": "no-store",
    },
  });
}

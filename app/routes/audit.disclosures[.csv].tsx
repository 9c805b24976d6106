import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { parseValues } from "~/forms/parse-form";
import { DisclosureFiltersSchema } from "~/domain/audit-filters";
import { assertCanReadDisclosures, disclosureLogCsv } from "~/services/audit-log.server";
import { requireActor } from "~/services/current-user.server";

// /audit/disclosures.csv: the disclosure log as a CSV download (a resource route: no page of its own).
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const url = new URL(request.url);
  const values = Object.fromEntries(["from", "to", "kind"].map((f) => [f, url.searchParams.get(f) ?? ""]));
  const form = parseValues(values, DisclosureFiltersSchema);
  if (!form.ok) {
    // The page with the same filters shows what is wrong in its error summary.
    assertCanReadDisclosures(actor);
    throw redirect(`/audit/disclosures${url.search}`);
  }
  const { filename, csv } = disclosureLogCsv(actor, form.data);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
    },
  });
}

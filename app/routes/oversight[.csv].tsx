import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { londonToday } from "~/domain/expiry-date";
import { OVERSIGHT_FILTER_FIELDS, OversightFiltersSchema, withDefaultPeriod } from "~/domain/oversight-filters";
import { isMetricKey } from "~/domain/oversight-metrics";
import { parseValues } from "~/forms/parse-form";
import { requireActor } from "~/services/current-user.server";
import { assertCanReadDashboard, checkFilters, oversightCsv } from "~/services/oversight.server";

// /oversight.csv?table=<metric>&from&to&agency&team: one dashboard table as a CSV download, suppressed as on the page.
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  assertCanReadDashboard(actor);
  const params = new URL(request.url).searchParams;
  const values = Object.fromEntries(OVERSIGHT_FILTER_FIELDS.map((f) => [f, params.get(f) ?? ""]));
  const table = params.get("table") ?? "";
  const form = parseValues(values, OversightFiltersSchema);
  const filters = form.ok ? withDefaultPeriod(form.data, londonToday(new Date())) : null;
  // Bad filters or an unknown table: the page with the same filters says what is wrong.
  if (!filters || checkFilters(actor, filters) || !isMetricKey(table)) {
    params.delete("table");
    throw redirect(`/oversight${params.toString() ? `?${params.toString()}` : ""}`);
  }
  const { filename, csv } = oversightCsv(actor, filters, table);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
    },
  });
}

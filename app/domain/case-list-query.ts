import { z } from "zod";
import { CASE_STATUSES } from "./case-vocabulary";

/** How the Cases list can be sorted; each is a keyset order (the column, then the id). */
export const CASE_LIST_SORTS = ["recent", "oldest", "reference"] as const;
export type CaseListSort = (typeof CASE_LIST_SORTS)[number];
export const CASE_LIST_SORT_LABELS: Record<CaseListSort, string> = {
  recent: "Last activity, newest first",
  oldest: "Last activity, oldest first",
  reference: "Case reference",
};

export const CASE_FLAGS = ["domestic_abuse", "online", "police_perpetrated"] as const;
export type CaseFlag = (typeof CASE_FLAGS)[number];
export const CASE_FLAG_LABELS: Record<CaseFlag, string> = {
  domestic_abuse: "Domestic abuse",
  online: "Online",
  police_perpetrated: "Police-perpetrated",
};

export type CaseListFilters = {
  status?: (typeof CASE_STATUSES)[number];
  priority?: "standard" | "raised";
  mine: boolean;
  flags: CaseFlag[];
  sort: CaseListSort;
};

const one = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values).optional().catch(undefined);

const QuerySchema = z.object({
  status: one(CASE_STATUSES),
  priority: one(["standard", "raised"] as const),
  mine: z.literal("1").optional().catch(undefined),
  flags: z.array(z.string()).catch([]),
  sort: one(CASE_LIST_SORTS),
});

/**
 * The list's filters and sort from the address. Anything that is not one of the choices offered is ignored (the
 * list shows as if it were not there), never an error: a link or bookmark can only narrow or order the list.
 */
export function parseCaseListQuery(params: URLSearchParams): CaseListFilters {
  const q = QuerySchema.parse({
    status: params.get("status") ?? undefined,
    priority: params.get("priority") ?? undefined,
    mine: params.get("mine") ?? undefined,
    flags: params.getAll("flag"),
    sort: params.get("sort") ?? undefined,
  });
  return {
    ...(q.status ? { status: q.status } : {}),
    ...(q.priority ? { priority: q.priority } : {}),
    mine: q.mine === "1",
    flags: CASE_FLAGS.filter((f) => q.flags.includes(f)),
    sort: q.sort ?? "recent",
  };
}

/** The filters and sort as address parameters, for links that keep them (pagination). */
export function caseListQueryParams(f: CaseListFilters): [string, string][] {
  const out: [string, string][] = [];
  if (f.status) out.push(["status", f.status]);
  if (f.priority) out.push(["priority", f.priority]);
  if (f.mine) out.push(["mine", "1"]);
  for (const flag of f.flags) out.push(["flag", flag]);
  if (f.sort !== "recent") out.push(["sort", f.sort]);
  return out;
}

// Field orders and limits the order, breach, SPO and task pages share with their services (error summaries list
// problems in the order the fields appear). Kept out of the .server modules so pages can import them.

export const NEW_ORDER_FIELDS = [
  "orderType",
  "status",
  "appliedOn",
  "hearingOn",
  "decidedOn",
  "refusalReason",
  "prohibitions",
  "requirements",
  "expiresOn",
];
export const STATUS_FIELDS = ["status", "hearingOn", "decidedOn", "refusalReason", "expiresOn", "endedOn"];
export const VARY_FIELDS = ["variedOn", "prohibitions", "requirements", "expiresOn"];
export const RENEW_FIELDS = ["renewedOn", "expiresOn"];

/** The changes an order can have after it is recorded. */
export const ORDER_CHANGES = ["status", "vary", "renew"] as const;
export type OrderChange = (typeof ORDER_CHANGES)[number];

export const BREACH_FIELDS = ["orderRecordId", "occurredOn", "description", "policeAction", "policeActionOn"];
export const SPO_FIELDS = ["consideredOn", "decision", "rationale"];

export const TASK_TITLE_MAX = 200;
export const TASK_FIELDS = ["title", "ownerUserId", "dueOn"];
export const TASK_ACTIONS = ["done", "cancel"] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

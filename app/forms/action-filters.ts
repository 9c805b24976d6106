import { z } from "zod";

/**
 * The fields that filter actions from meetings (issue 15): the action tracker's form and the JSON API's query
 * (issue 22) read them with the same schemas, so both accept and refuse the same values with the same messages.
 */
export const ActionFilterFields = {
  owner: z
    .string()
    .trim()
    .max(80)
    .regex(/^$|^(user|agency):[A-Za-z0-9-]{1,64}$/, "Choose an owner from the list")
    .optional()
    .default(""),
  case: z
    .string()
    .trim()
    .max(20, "Enter a case reference like NS-2026-00001")
    .regex(/^[A-Za-z0-9-]*$/, "Enter a case reference like NS-2026-00001")
    .optional()
    .default(""),
  due: z
    .enum(["", "any", "overdue", "week", "month"], { errorMap: () => ({ message: "Choose when the actions are due" }) })
    .optional()
    .default(""),
};

// The action plan's vocabulary and forms (issue 8), shared by the pages and app/services/action-plan.server.ts.
import { z } from "zod";

export const REQUIREMENT_STATUSES = ["not_started", "in_progress", "complete"] as const;
export type RequirementStatus = (typeof REQUIREMENT_STATUSES)[number];
export const REQUIREMENT_STATUS_LABELS: Record<RequirementStatus, string> = {
  not_started: "Not started",
  in_progress: "In progress",
  complete: "Complete",
};

const text = (label: string, max: number) =>
  z
    .string({ required_error: `Enter ${label}` })
    .trim()
    .min(1, `Enter ${label}`)
    .max(max, `${label[0]!.toUpperCase()}${label.slice(1)} must be ${max.toLocaleString("en-GB")} characters or fewer`);

export const RecommendationSchema = z.object({
  number: z
    .string({ required_error: "Enter the recommendation number" })
    .trim()
    .regex(/^\d{1,3}$/, "Enter the recommendation number, like 11"),
  text: text("the recommendation", 2000),
  owner: text("the owner", 200),
});

export const NewRequirementSchema = z.object({
  number: z
    .string({ required_error: "Enter the requirement number" })
    .trim()
    .regex(/^\d{1,3}\.\d{1,2}$/, "Enter the requirement number, like 11.2"),
  requirement: text("the evidence requirement", 2000),
  owner: text("the owner", 200),
});

export const RequirementUpdateSchema = z
  .object({
    owner: text("the owner", 200),
    update: z.string().trim().max(4000, "The update must be 4,000 characters or fewer").default(""),
    status: z.enum(REQUIREMENT_STATUSES, { errorMap: () => ({ message: "Select a status" }) }),
    percent: z.preprocess(
      (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
      z.coerce
        .number({
          required_error: "Enter the percentage complete",
          invalid_type_error: "Percentage complete must be a number",
        })
        .int("Percentage complete must be a whole number")
        .min(0, "Percentage complete must be 0 or more")
        .max(100, "Percentage complete must be 100 or less"),
    ),
    version: z.coerce.number().int().min(1),
  })
  .superRefine((v, ctx) => {
    if (v.status === "complete" && v.percent !== 100)
      ctx.addIssue({ code: "custom", path: ["percent"], message: "A complete requirement is 100% complete" });
    if (v.status === "not_started" && v.percent !== 0)
      ctx.addIssue({
        code: "custom",
        path: ["percent"],
        message: "A requirement not started is 0% complete; choose In progress",
      });
    if (v.status !== "not_started" && !v.update)
      ctx.addIssue({ code: "custom", path: ["update"], message: "Enter an update saying what has been done" });
  });

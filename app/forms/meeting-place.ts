import { z } from "zod";
import { parseTimeOfDay } from "~/services/incidents.server";

/** Where and when a meeting is held: shared by "arrange a meeting" and "change the date, time or place" (issue 15). */
export const PLACE_MAX = 200;
export const VIDEO_LINK_MAX = 500;

export const placeField = z
  .string({ invalid_type_error: "Enter the place" })
  .trim()
  .max(PLACE_MAX, `The place must be ${PLACE_MAX} characters or fewer`)
  .optional()
  .transform((v) => v || null);

/** Only https links: the link goes into invitations and calendar files, and anything else could run or leak. */
export const videoLinkField = z
  .string({ invalid_type_error: "Enter the video link" })
  .trim()
  .max(VIDEO_LINK_MAX, `The video link must be ${VIDEO_LINK_MAX} characters or fewer`)
  .optional()
  .transform((v, ctx) => {
    if (!v) return null;
    let url: URL | null = null;
    try {
      url = new URL(v);
    } catch {
      url = null;
    }
    if (!url || url.protocol !== "https:" || !url.hostname || url.username || url.password) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: "Enter the video link as a full web address starting with https://",
      });
      return z.NEVER;
    }
    return url.toString();
  });

export const timeField = z
  .string({ required_error: "Enter the time the meeting starts" })
  .trim()
  .min(1, "Enter the time the meeting starts")
  .transform((v, ctx) => {
    const t = parseTimeOfDay(v);
    if (!t) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "Enter the time the meeting starts, like 14:30 or 2:30pm" });
      return z.NEVER;
    }
    return t;
  });

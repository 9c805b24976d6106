import { z } from "zod";

// Shared field rules so every form says the same thing about the same kind of field.
export const emailField = z
  .string({ required_error: "Enter an email address" })
  .trim()
  .min(1, "Enter an email address")
  .max(254, "Email address must be 254 characters or fewer")
  .email("Enter an email address in the correct format, like name@example.org")
  .transform((v) => v.toLowerCase());

export const personNameField = z
  .string({ required_error: "Enter the person's full name" })
  .trim()
  .min(1, "Enter the person's full name")
  .max(120, "Full name must be 120 characters or fewer");

export const idField = z.string().trim().min(1).max(64);

/** A written reason someone will review (emergency access, access requests): 20 to 2,000 characters. */
export function reasonField(missing: string) {
  return z
    .string({ required_error: missing, invalid_type_error: missing })
    .trim()
    .min(1, missing)
    .min(20, "The reason must be 20 characters or more")
    .max(2000, "The reason must be 2,000 characters or fewer");
}

import { z } from "zod";
import {
  CONTACT_METHODS,
  CUSTOM_FREQUENCY_MAX,
  CUSTOM_FREQUENCY_MIN,
  ENHANCED_RIGHTS_REASONS,
  NEED_LEVELS,
  NEEDS_AREA_LABELS,
  NEEDS_AREAS,
  ONLINE_SAFETY_ADVICE,
  REFERRAL_RESPONSES,
  RIGHTS_EXPLAINED_HOW,
  SAFETY_MEASURE_MAX_LENGTH,
  SAFETY_MEASURES_MAX,
  SUPPORT_SERVICES,
  UPDATE_FREQUENCIES,
  UPDATE_METHODS,
  type ContactMethod,
  type EnhancedRightsReason,
  type NeedLevel,
  type NeedsArea,
  type OnlineSafetyAdvice,
  type ReferralResponse,
  type RightsExplainedHow,
  type SupportService,
  type UpdateMethod,
} from "~/domain/victim-care";
import { emailField } from "~/forms/fields";
import { dateField } from "~/forms/date-field";
import type { FieldErrors } from "~/forms/parse-form";

/*
 * The victim care forms. Each field is checked on its own with its zod schema, so one submission reports every
 * problem at once (GOV.UK), including answers that are needed only because of another answer ("when were the
 * rights explained" once "yes" is chosen). Dates come from GOV.UK date inputs (`<name>-day/-month/-year`).
 */

export type FormValues = Record<string, string | string[]>;
export type Parsed<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors; values: FormValues };

const single = (v: unknown): string => (Array.isArray(v) ? String(v[0] ?? "") : typeof v === "string" ? v : "").trim();
const many = (v: unknown): string[] =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter(
    (s): s is string => typeof s === "string" && s.trim() !== "",
  );

/** Reads one form field by field, collecting the first problem per field in the order the form shows them. */
export function formReader(values: FormValues) {
  const errors: FieldErrors = {};
  const fail = (name: string, message: string): null => {
    errors[name] ??= message;
    return null;
  };
  const take = <S extends z.ZodTypeAny>(name: string, schema: S, value: unknown): z.output<S> | null => {
    const r = schema.safeParse(value);
    return r.success ? (r.data as z.output<S>) : fail(name, r.error.issues[0]?.message ?? "Check this answer");
  };
  return {
    errors,
    fail,
    /** Trimmed text up to `max` characters; `missing` makes it required. Empty optional text is "". */
    text(name: string, label: string, max: number, missing?: string): string | null {
      const v = single(values[name]);
      if (!v) return missing ? fail(name, missing) : "";
      return take(name, z.string().max(max, `${label} must be ${max.toLocaleString("en-GB")} characters or fewer`), v);
    },
    choice<T extends string>(name: string, options: readonly T[], missing: string): T | null {
      return take(
        name,
        z.enum(options as unknown as [T, ...T[]], { errorMap: () => ({ message: missing }) }),
        single(values[name]) || undefined,
      );
    },
    choices<T extends string>(name: string, options: readonly T[], message: string): T[] | null {
      return take(name, z.array(z.enum(options as unknown as [T, ...T[]], { errorMap: () => ({ message }) })), [
        ...new Set(many(values[name])),
      ]);
    },
    /** A date from a GOV.UK date input; `when` keeps it in the past (up to today) or the future (from today). */
    date(name: string, label: string, missing: string, today: string, when?: "past" | "future"): string | null {
      const parts = {
        day: single(values[`${name}-day`]),
        month: single(values[`${name}-month`]),
        year: single(values[`${name}-year`]),
      };
      const iso = take(name, dateField(label, missing), parts);
      if (iso === null) return null;
      if (when === "past" && iso > today) return fail(name, `${label} must be today or in the past`);
      if (when === "future" && iso < today) return fail(name, `${label} must be today or in the future`);
      return iso;
    },
    /** The version the form was based on (0 for a new item). */
    version(): number {
      const n = Number(single(values.baseVersion));
      return Number.isInteger(n) && n >= 0 ? n : -1;
    },
    result<T>(build: () => T): Parsed<T> {
      return Object.keys(errors).length ? { ok: false, errors, values } : { ok: true, data: build() };
    },
  };
}

const YES_NO = ["yes", "no"] as const;

export type ContactInput = {
  address: string;
  phone: string;
  email: string;
  workplace: string;
  safeTimes: string;
  safeMethod: ContactMethod;
  avoidMethods: ContactMethod[];
  leaveMessages: boolean;
  notes: string;
  baseVersion: number;
};

const PHONE = /^[0-9+()\s-]{6,30}$/;

export function parseContact(values: FormValues): Parsed<ContactInput> {
  const f = formReader(values);
  const address = f.text("address", "Address", 500);
  let phone = f.text("phone", "Phone number", 30);
  if (phone && !PHONE.test(phone))
    phone = f.fail("phone", "Enter a phone number, like 07700 900 982 or +44 808 157 0192");
  const emailText = f.text("email", "Email address", 254);
  const email = emailText ? emailOrFail(f, emailText) : emailText;
  const workplace = f.text("workplace", "Workplace", 300);
  const safeTimes = f.text("safeTimes", "Safe times to call", 300);
  const safeMethod = f.choice("safeMethod", CONTACT_METHODS, "Select the safest way to contact the victim");
  const avoidMethods = f.choices(
    "avoidMethods",
    CONTACT_METHODS,
    "Select ways not to contact the victim from the list",
  );
  if (safeMethod && avoidMethods?.includes(safeMethod))
    f.fail("avoidMethods", "The safest way to contact the victim cannot also be a way not to use");
  const leaveMessages = f.choice("leaveMessages", YES_NO, "Select whether it is safe to leave messages");
  const notes = f.text("notes", "Notes", 2000);
  return f.result(() => ({
    address: address!,
    phone: phone!,
    email: email!,
    workplace: workplace!,
    safeTimes: safeTimes!,
    safeMethod: safeMethod!,
    avoidMethods: avoidMethods!,
    leaveMessages: leaveMessages === "yes",
    notes: notes!,
    baseVersion: f.version(),
  }));
}

function emailOrFail(f: ReturnType<typeof formReader>, value: string): string | null {
  const r = emailField.safeParse(value);
  return r.success
    ? r.data
    : f.fail("email", r.error.issues[0]?.message ?? "Enter an email address in the correct format");
}

export type VictimsCodeInput = {
  entitled: boolean;
  reasons: EnhancedRightsReason[];
  explained: { on: string; by: string; how: RightsExplainedHow } | null;
  baseVersion: number;
};

export function parseVictimsCode(values: FormValues, today: string): Parsed<VictimsCodeInput> {
  const f = formReader(values);
  const entitled = f.choice("entitled", YES_NO, "Select whether the victim is entitled to enhanced rights");
  let reasons = f.choices("reasons", ENHANCED_RIGHTS_REASONS, "Select reasons from the list");
  if (entitled === "yes" && reasons && reasons.length === 0)
    reasons = f.fail("reasons", "Select why the victim is entitled to enhanced rights");
  const explained = f.choice("explained", YES_NO, "Select whether the victim's rights have been explained to them");
  const on =
    explained === "yes"
      ? f.date(
          "explainedOn",
          "The date rights were explained",
          "Enter the date the rights were explained",
          today,
          "past",
        )
      : "";
  const by =
    explained === "yes" ? f.text("explainedBy", "Who explained them", 120, "Enter who explained the rights") : "";
  const how =
    explained === "yes" ? f.choice("explainedHow", RIGHTS_EXPLAINED_HOW, "Select how the rights were explained") : null;
  return f.result(() => ({
    entitled: entitled === "yes",
    reasons: entitled === "yes" ? reasons! : [],
    explained: explained === "yes" ? { on: on!, by: by!, how: how! } : null,
    baseVersion: f.version(),
  }));
}

export type NeedsInput = {
  areas: Record<NeedsArea, { level: NeedLevel; notes: string }>;
  completedOn: string;
  baseVersion: number;
};

export function parseNeeds(values: FormValues, today: string): Parsed<NeedsInput> {
  const f = formReader(values);
  const areas = {} as Record<NeedsArea, { level: NeedLevel; notes: string }>;
  for (const area of NEEDS_AREAS) {
    const label = NEEDS_AREA_LABELS[area];
    const level = f.choice(`level_${area}`, NEED_LEVELS, `Select the level of need for ${label.toLowerCase()}`);
    const notes = f.text(`notes_${area}`, `Notes on ${label.toLowerCase()}`, 1000);
    areas[area] = { level: level!, notes: notes! };
  }
  const completedOn = f.date(
    "completedOn",
    "The date the assessment was completed",
    "Enter the date the assessment was completed",
    today,
    "past",
  );
  return f.result(() => ({ areas, completedOn: completedOn!, baseVersion: f.version() }));
}

export type UpdatePlanInput = { frequencyDays: number; method: UpdateMethod; agreedOn: string; baseVersion: number };

export function parseUpdatePlan(values: FormValues, today: string): Parsed<UpdatePlanInput> {
  const f = formReader(values);
  const frequency = f.choice("frequency", UPDATE_FREQUENCIES, "Select how often the victim will be updated");
  let days: number | null = frequency && frequency !== "custom" ? Number(frequency) : null;
  if (frequency === "custom") {
    const text = single(values.customDays);
    const inRange =
      /^\d{1,3}$/.test(text) && Number(text) >= CUSTOM_FREQUENCY_MIN && Number(text) <= CUSTOM_FREQUENCY_MAX;
    days = inRange
      ? Number(text)
      : f.fail("customDays", `Enter a number of days between ${CUSTOM_FREQUENCY_MIN} and ${CUSTOM_FREQUENCY_MAX}`);
  }
  const method = f.choice("method", UPDATE_METHODS, "Select how the victim will be updated");
  const agreedOn = f.date(
    "agreedOn",
    "The date the updates were agreed",
    "Enter the date the updates were agreed",
    today,
    "past",
  );
  return f.result(() => ({ frequencyDays: days!, method: method!, agreedOn: agreedOn!, baseVersion: f.version() }));
}

export function parseUpdateGiven(values: FormValues, today: string): Parsed<{ givenOn: string }> {
  const f = formReader(values);
  const givenOn = f.date("givenOn", "The date of the update", "Enter the date the victim was updated", today, "past");
  return f.result(() => ({ givenOn: givenOn! }));
}

export type ReferralInput = {
  service: SupportService;
  otherService: string;
  offeredOn: string;
  response: ReferralResponse;
  respondedOn: string | null;
};

export function parseReferral(values: FormValues, today: string): Parsed<ReferralInput> {
  const f = formReader(values);
  const service = f.choice("service", SUPPORT_SERVICES, "Select the service the victim was referred to");
  const otherService =
    service === "other" ? f.text("otherService", "The name of the service", 120, "Enter the name of the service") : "";
  const offeredOn = f.date(
    "offeredOn",
    "The date support was offered",
    "Enter the date support was offered",
    today,
    "past",
  );
  const answer = parseResponse(f, today, offeredOn);
  return f.result(() => ({ service: service!, otherService: otherService!, offeredOn: offeredOn!, ...answer() }));
}

export type ReferralResponseInput = { response: ReferralResponse; respondedOn: string | null; baseVersion: number };

export function parseReferralResponse(
  values: FormValues,
  today: string,
  offeredOn: string,
): Parsed<ReferralResponseInput> {
  const f = formReader(values);
  const answer = parseResponse(f, today, offeredOn);
  return f.result(() => ({ ...answer(), baseVersion: f.version() }));
}

function parseResponse(f: ReturnType<typeof formReader>, today: string, offeredOn: string | null) {
  const response = f.choice("response", REFERRAL_RESPONSES, "Select the victim's response");
  let respondedOn: string | null = null;
  if (response === "accepted" || response === "declined") {
    respondedOn = f.date(
      "respondedOn",
      "The date of the response",
      "Enter the date the victim responded",
      today,
      "past",
    );
    if (respondedOn && offeredOn && respondedOn < offeredOn)
      respondedOn = f.fail("respondedOn", "The date of the response must be on or after the date support was offered");
  }
  return () => ({ response: response!, respondedOn: response === "pending" ? null : respondedOn });
}

export type SafetyPlanInput = {
  measures: string[];
  advice: OnlineSafetyAdvice[];
  otherAdvice: string;
  reviewOn: string;
  baseVersion: number;
};

export function parseSafetyPlan(values: FormValues, today: string): Parsed<SafetyPlanInput> {
  const f = formReader(values);
  const lines = single(values.measures)
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  let measures: string[] | null = lines;
  if (lines.length > SAFETY_MEASURES_MAX)
    measures = f.fail("measures", `Safety measures must be ${SAFETY_MEASURES_MAX} lines or fewer`);
  const long = lines.findIndex((l) => l.length > SAFETY_MEASURE_MAX_LENGTH);
  if (long !== -1)
    measures = f.fail(
      "measures",
      `Safety measures: line ${long + 1} must be ${SAFETY_MEASURE_MAX_LENGTH} characters or fewer`,
    );
  const advice = f.choices("advice", ONLINE_SAFETY_ADVICE, "Select online safety advice from the list");
  if (measures && measures.length === 0 && advice && advice.length === 0)
    f.fail("measures", "Enter at least one safety measure or select the online safety advice given");
  const otherAdvice = f.text("otherAdvice", "Other safety advice", 2000);
  const reviewOn = f.date(
    "reviewOn",
    "The review date",
    "Enter the date the safety plan will be reviewed",
    today,
    "future",
  );
  return f.result(() => ({
    measures: measures!,
    advice: advice!,
    otherAdvice: otherAdvice!,
    reviewOn: reviewOn!,
    baseVersion: f.version(),
  }));
}

import { z } from "zod";

/*
 * The structured proposal of pre-sentence input (issue 17): the sentence proposed, its requirements and the
 * ancillary orders, each with the author's rationale, in the shape a sentencer works through. Pure: the form's
 * values in, the proposal or field errors out; the service checks access, contact details and audits.
 *
 * Bounds are checked only where the law sets them and we can name where (the rest is for the court):
 * - Community order: ends no more than 3 years after it is made (Sentencing Code, Sentencing Act 2020 s.209).
 * - Suspended sentence order: a custodial term of at least 14 days and, for a conviction before 22 March 2026,
 *   at most 2 years, suspended (operational period) for 6 months to 2 years (Sentencing Code ss.264, 277 and 288).
 *   The Sentencing Act 2026 (main provisions in force 22 March 2026 for convictions from that day) lets courts
 *   suspend terms up to 3 years, for up to 3 years: that bound is taken from published summaries of the Act, not
 *   its text, so the wider of the two is used and nothing lawful is refused.
 * - Conditional discharge: a period of up to 3 years (Sentencing Code s.80).
 * - Unpaid work: 40 to 300 hours (Sentencing Code Sch. 9 para. 2; kept by the Sentencing Act 2026 s.37).
 * - Curfew: 2 to 20 hours a day and at most 112 hours in any 7 days, within 2 years (Sch. 9 para. 9(4) to (6), as
 *   amended by the Police, Crime, Sentencing and Courts Act 2022 for offences convicted after it came into force).
 * - Exclusion: for up to 2 years (Sch. 9, exclusion requirement).
 * - The other requirements (rehabilitation activity days, programme days, treatment and prohibited activity
 *   periods) have no separate statutory bound we rely on: a requirement's period may not outlast its order.
 * Numbers over those come back as a clear message; 999 is only a form guard against nonsense.
 */

export const SENTENCE_TYPES = {
  community_order: "Community order",
  suspended_sentence_order: "Suspended sentence order",
  custody: "Immediate custody",
  conditional_discharge: "Conditional discharge",
  absolute_discharge: "Absolute discharge",
  fine: "Fine",
} as const;
export type SentenceType = keyof typeof SENTENCE_TYPES;
export const SENTENCE_TYPE_CODES = Object.keys(SENTENCE_TYPES) as SentenceType[];

/** Sentences that carry community requirements. */
export const WITH_REQUIREMENTS: readonly SentenceType[] = ["community_order", "suspended_sentence_order"];

type Measure = { unit: "hours" | "days" | "months"; label: string; min: number; max: number | null };

/** Each requirement: what its number measures (and the statutory bounds, sources above), and its detail's label. */
export const REQUIREMENTS = {
  rehabilitation_activity: {
    label: "Rehabilitation activity requirement",
    measure: { unit: "days", label: "Maximum number of days", min: 1, max: null },
    detail: null,
  },
  accredited_programme: {
    label: "Accredited programme requirement",
    measure: { unit: "days", label: "Number of days", min: 1, max: null },
    detail: "Which programme (for example, the stalking perpetrator programme)",
  },
  curfew: {
    label: "Curfew requirement",
    measure: { unit: "months", label: "For how many months", min: 1, max: 24 },
    detail: "Curfew times (not the address)",
  },
  exclusion: {
    label: "Exclusion requirement",
    measure: { unit: "months", label: "For how many months", min: 1, max: 24 },
    detail: "The area excluded from, described without an address",
  },
  prohibited_activity: {
    label: "Prohibited activity requirement",
    measure: { unit: "months", label: "For how many months", min: 1, max: null },
    detail: "What is prohibited",
  },
  mental_health_treatment: {
    label: "Mental health treatment requirement",
    measure: { unit: "months", label: "For how many months", min: 1, max: null },
    detail: null,
  },
  drug_rehabilitation: {
    label: "Drug rehabilitation requirement",
    measure: { unit: "months", label: "For how many months", min: 1, max: null },
    detail: null,
  },
  alcohol_treatment: {
    label: "Alcohol treatment requirement",
    measure: { unit: "months", label: "For how many months", min: 1, max: null },
    detail: null,
  },
  unpaid_work: {
    label: "Unpaid work requirement",
    measure: { unit: "hours", label: "Number of hours", min: 40, max: 300 },
    detail: null,
  },
} as const satisfies Record<string, { label: string; measure: Measure; detail: string | null }>;
export type RequirementType = keyof typeof REQUIREMENTS;
export const REQUIREMENT_CODES = Object.keys(REQUIREMENTS) as RequirementType[];

/** Curfew hours: 2 to 20 a day, at most 112 in any 7 days (Sch. 9 para. 9(4)). */
export const CURFEW = { minHoursADay: 2, maxHoursADay: 20, maxHoursAWeek: 112 } as const;

export const ANCILLARY_ORDERS = {
  restraining_order: "Restraining order on conviction",
  deprivation_order: "Deprivation order (property used in the offending, for example a phone)",
  compensation_order: "Compensation order",
} as const;
export type AncillaryType = keyof typeof ANCILLARY_ORDERS;
export const ANCILLARY_CODES = Object.keys(ANCILLARY_ORDERS) as AncillaryType[];

/** The day the Sentencing Act 2026's suspended sentence changes apply from (by date of conviction). */
export const SENTENCING_ACT_2026_FROM = "2026-03-22";

export type Term = { value: number; unit: "days" | "weeks" | "months" };

export type SentenceProposal = {
  sentence: {
    type: SentenceType;
    /** Community order or conditional discharge: months. Custody or suspended sentence: the custodial term. */
    term: Term | null;
    /** Suspended sentence order: how long it is suspended for (the operational period), in months. */
    suspendedMonths: number | null;
    rationale: string;
  };
  requirements: {
    type: RequirementType;
    amount: number;
    detail: string | null;
    /** Curfew: hours a day and days a week; curfew and exclusion: electronic monitoring. */
    hoursADay: number | null;
    daysAWeek: number | null;
    electronicMonitoring: boolean;
    rationale: string;
  }[];
  ancillary: {
    type: AncillaryType;
    /** Restraining order: its proposed terms, one prohibition each. */
    terms: string[];
    /** Restraining order: months, or null for "until further order". */
    months: number | null;
    detail: string | null;
    rationale: string;
  }[];
  /** The author confirmed that text which looks like a contact detail is not one (audited by the service). */
  contactOverride: { at: string; by: string; kinds: string } | null;
};

export type ProposalErrors = Record<string, string>;
type Values = Record<string, string | string[] | undefined>;

const MAX_TEXT = 2000;

const str = (v: Values[string]) => (typeof v === "string" ? v.trim() : "");
const list = (v: Values[string]) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).filter((x) => x !== "");

/** A required whole number between min and max (max null: only the form guard), or the message. */
function whole(raw: string, what: string, min: number, max: number | null): number | string {
  if (!raw) return `Enter ${what}`;
  if (!/^\d{1,4}$/.test(raw)) return `${capital(what)} must be a whole number`;
  const n = Number(raw);
  const top = max ?? 999;
  if (n < min || n > top)
    return `${capital(what)} must be between ${min.toLocaleString("en-GB")} and ${top.toLocaleString("en-GB")}`;
  return n;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function text(raw: string, what: string, required: boolean): string | null | { error: string } {
  if (!raw) return required ? { error: `Enter ${what}` } : null;
  if (raw.length > MAX_TEXT)
    return { error: `${capital(what)} must be ${MAX_TEXT.toLocaleString("en-GB")} characters or fewer` };
  return raw;
}

export function termInMonths(term: Term): number {
  return term.unit === "months"
    ? term.value
    : term.unit === "weeks"
      ? (term.value * 7) / (365.25 / 12)
      : term.value / (365.25 / 12);
}

function termInDays(term: Term): number {
  return term.unit === "days" ? term.value : term.unit === "weeks" ? term.value * 7 : term.value * (365.25 / 12);
}

const TermSchema = z.enum(["days", "weeks", "months"]);

/**
 * Reads the proposal form. `convictedOn` (London YYYY-MM-DD, or null) decides which suspended sentence bounds apply.
 * Errors are keyed by the form field, so the error summary links to it.
 */
export function parseProposalForm(
  values: Values,
  convictedOn: string | null,
): { ok: true; proposal: Omit<SentenceProposal, "contactOverride"> } | { ok: false; errors: ProposalErrors } {
  const errors: ProposalErrors = {};
  const fail = (field: string, message: string) => {
    errors[field] ??= message;
  };
  const type = str(values.sentence);
  if (!(SENTENCE_TYPE_CODES as string[]).includes(type)) fail("sentence", "Select the sentence you propose");
  const sentenceType = type as SentenceType;
  const after2026 = convictedOn !== null && convictedOn >= SENTENCING_ACT_2026_FROM;
  const ssoMaxMonths = after2026 ? 36 : 24;

  let term: Term | null = null;
  let suspendedMonths: number | null = null;
  // Each sentence has its own fields (the form shows only the chosen one's, but sends them all).
  if (sentenceType === "community_order" || sentenceType === "conditional_discharge") {
    const [field, what] =
      sentenceType === "community_order"
        ? ["orderMonths", "the length of the order in months"]
        : ["dischargeMonths", "the period of the discharge in months"];
    const n = whole(str(values[field]), what, 1, 36);
    if (typeof n === "string") fail(field, n);
    else term = { value: n, unit: "months" };
  }
  if (sentenceType === "custody" || sentenceType === "suspended_sentence_order") {
    const prefix = sentenceType === "custody" ? "custody" : "suspended";
    const unit = TermSchema.safeParse(str(values[`${prefix}Unit`]));
    const n = whole(str(values[`${prefix}Term`]), "the custodial term", 1, null);
    if (!unit.success) fail(`${prefix}Unit`, "Select days, weeks or months for the custodial term");
    if (typeof n === "string") fail(`${prefix}Term`, n);
    else if (unit.success) {
      term = { value: n, unit: unit.data };
      if (sentenceType === "suspended_sentence_order") {
        if (termInDays(term) < 14)
          fail("suspendedTerm", "A suspended sentence must be a custodial term of at least 14 days");
        else if (termInMonths(term) > ssoMaxMonths + 1e-9)
          fail("suspendedTerm", `A suspended sentence can be a custodial term of at most ${ssoMaxMonths / 12} years`);
      }
    }
    if (sentenceType === "suspended_sentence_order") {
      const m = whole(str(values.suspendedMonths), "how many months it is suspended for", 6, ssoMaxMonths);
      if (typeof m === "string") fail("suspendedMonths", m);
      else suspendedMonths = m;
    }
  }
  const rationale = text(str(values.sentenceRationale), "why you propose this sentence", true);
  if (rationale && typeof rationale === "object") fail("sentenceRationale", rationale.error);

  // Requirements: only with a community order or a suspended sentence order, each within the order's length.
  const chosen = [...new Set(list(values.requirements))];
  const requirements: SentenceProposal["requirements"] = [];
  if (chosen.some((c) => !(REQUIREMENT_CODES as string[]).includes(c)))
    fail("requirements", "Select requirements from the list");
  else if (chosen.length && type && !WITH_REQUIREMENTS.includes(sentenceType) && !errors.sentence)
    fail(
      "requirements",
      `Requirements go with a community order or a suspended sentence order, not ${SENTENCE_TYPES[sentenceType].toLowerCase()}`,
    );
  else if (sentenceType === "community_order" && !chosen.length)
    fail("requirements", "A community order needs at least one requirement: select the requirements you propose");
  const orderMonths =
    sentenceType === "community_order"
      ? (term?.value ?? null)
      : sentenceType === "suspended_sentence_order"
        ? suspendedMonths
        : null;
  for (const code of REQUIREMENT_CODES.filter((c) => chosen.includes(c))) {
    const def = REQUIREMENTS[code];
    const field = (f: string) => `${code}-${f}`;
    const amount = whole(
      str(values[field("amount")]),
      `the ${def.measure.label.toLowerCase()} for the ${def.label.toLowerCase()}`,
      def.measure.min,
      def.measure.max,
    );
    if (typeof amount === "string") fail(field("amount"), amount);
    else if (def.measure.unit === "months" && orderMonths !== null && amount > orderMonths)
      fail(field("amount"), `The ${def.label.toLowerCase()} cannot last longer than the order (${orderMonths} months)`);
    const detail = def.detail
      ? text(
          str(values[field("detail")]),
          `${def.detail.toLowerCase()}`,
          code !== "accredited_programme" && code !== "curfew",
        )
      : null;
    if (detail && typeof detail === "object") fail(field("detail"), detail.error);
    let hoursADay: number | null = null;
    let daysAWeek: number | null = null;
    if (code === "curfew") {
      const h = whole(str(values[field("hours")]), "the curfew hours a day", CURFEW.minHoursADay, CURFEW.maxHoursADay);
      const d = whole(str(values[field("days")]), "the curfew days a week", 1, 7);
      if (typeof h === "string") fail(field("hours"), h);
      else hoursADay = h;
      if (typeof d === "string") fail(field("days"), d);
      else daysAWeek = d;
      if (hoursADay !== null && daysAWeek !== null && hoursADay * daysAWeek > CURFEW.maxHoursAWeek)
        fail(
          field("hours"),
          `A curfew can be at most ${CURFEW.maxHoursAWeek} hours in any 7 days: ${hoursADay} hours on ${daysAWeek} days is ${hoursADay * daysAWeek}`,
        );
    }
    const why = text(str(values[field("rationale")]), `why you propose the ${def.label.toLowerCase()}`, true);
    if (why && typeof why === "object") fail(field("rationale"), why.error);
    if (typeof amount === "number" && typeof why === "string" && !(detail && typeof detail === "object"))
      requirements.push({
        type: code,
        amount,
        detail: typeof detail === "string" ? detail : null,
        hoursADay,
        daysAWeek,
        electronicMonitoring: (code === "curfew" || code === "exclusion") && str(values[field("monitoring")]) === "yes",
        rationale: why,
      });
  }

  const orders = [...new Set(list(values.ancillary))];
  const ancillary: SentenceProposal["ancillary"] = [];
  if (orders.some((c) => !(ANCILLARY_CODES as string[]).includes(c)))
    fail("ancillary", "Select ancillary orders from the list");
  for (const code of ANCILLARY_CODES.filter((c) => orders.includes(c))) {
    const field = (f: string) => `${code}-${f}`;
    let terms: string[] = [];
    let months: number | null = null;
    if (code === "restraining_order") {
      terms = str(values[field("terms")])
        .split(/\r?\n/)
        .map((t) => t.trim())
        .filter(Boolean);
      if (!terms.length)
        fail(field("terms"), "Enter the terms you propose for the restraining order, one on each line");
      else if (terms.length > 20) fail(field("terms"), "Propose at most 20 terms for the restraining order");
      else if (terms.some((t) => t.length > 500))
        fail(field("terms"), "Each term of the restraining order must be 500 characters or fewer");
      const until = str(values[field("until")]);
      if (until === "months") {
        const m = whole(str(values[field("months")]), "how many months the restraining order lasts", 1, null);
        if (typeof m === "string") fail(field("months"), m);
        else months = m;
      } else if (until !== "further_order") fail(field("until"), "Select how long the restraining order lasts");
    }
    const detail =
      code === "restraining_order"
        ? null
        : text(
            str(values[field("detail")]),
            code === "deprivation_order" ? "the property" : "what the compensation is for",
            code === "deprivation_order",
          );
    if (detail && typeof detail === "object") fail(field("detail"), detail.error);
    const why = text(
      str(values[field("rationale")]),
      `why you propose the ${ANCILLARY_ORDERS[code].split(" (")[0]!.toLowerCase()}`,
      true,
    );
    if (why && typeof why === "object") fail(field("rationale"), why.error);
    if (typeof why === "string")
      ancillary.push({ type: code, terms, months, detail: typeof detail === "string" ? detail : null, rationale: why });
  }

  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    proposal: {
      sentence: { type: sentenceType, term, suspendedMonths, rationale: rationale as string },
      requirements,
      ancillary,
    },
  };
}

/**
 * Every text of a proposal that reaches the document: the field it came from and what to call it in a message (for
 * the contact-details check).
 */
export function proposalTexts(
  p: Omit<SentenceProposal, "contactOverride">,
): { field: string; label: string; text: string }[] {
  const name = (label: string) => label.split(" (")[0]!.toLowerCase();
  return [
    { field: "sentenceRationale", label: "Your rationale for the sentence", text: p.sentence.rationale },
    ...p.requirements.flatMap((r) => {
      const what = name(REQUIREMENTS[r.type].label);
      return [
        ...(r.detail ? [{ field: `${r.type}-detail`, label: `The details of the ${what}`, text: r.detail }] : []),
        { field: `${r.type}-rationale`, label: `Your rationale for the ${what}`, text: r.rationale },
      ];
    }),
    ...p.ancillary.flatMap((a) => {
      const what = name(ANCILLARY_ORDERS[a.type]);
      return [
        ...(a.terms.length
          ? [{ field: `${a.type}-terms`, label: `The terms of the ${what}`, text: a.terms.join("\n") }]
          : []),
        ...(a.detail ? [{ field: `${a.type}-detail`, label: `The details of the ${what}`, text: a.detail }] : []),
        { field: `${a.type}-rationale`, label: `Your rationale for the ${what}`, text: a.rationale },
      ];
    }),
  ];
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function termText(term: Term): string {
  return plural(term.value, term.unit.slice(0, -1));
}

/** The proposal as a sentencer reads it: a heading line and terms for each part, with the rationale. */
export type ProposalLines = {
  sentence: { label: string; terms: string | null; rationale: string };
  requirements: { label: string; terms: string; rationale: string }[];
  ancillary: { label: string; terms: string[]; duration: string | null; detail: string | null; rationale: string }[];
};

export function describeProposal(p: SentenceProposal): ProposalLines {
  const s = p.sentence;
  const sentenceTerms =
    s.type === "community_order" && s.term
      ? `For ${termText(s.term)}`
      : s.type === "conditional_discharge" && s.term
        ? `Conditionally discharged for ${termText(s.term)}`
        : s.type === "suspended_sentence_order" && s.term
          ? `${capital(termText(s.term))} custody, suspended for ${plural(s.suspendedMonths ?? 0, "month")}`
          : s.type === "custody" && s.term
            ? `${capital(termText(s.term))} custody`
            : null;
  return {
    sentence: { label: SENTENCE_TYPES[s.type], terms: sentenceTerms, rationale: s.rationale },
    requirements: p.requirements.map((r) => {
      const def = REQUIREMENTS[r.type];
      const amount =
        def.measure.unit === "hours"
          ? `${plural(r.amount, "hour")}`
          : def.measure.unit === "days"
            ? r.type === "rehabilitation_activity"
              ? `Up to ${plural(r.amount, "day")}`
              : plural(r.amount, "day")
            : `For ${plural(r.amount, "month")}`;
      const curfew =
        r.hoursADay !== null && r.daysAWeek !== null
          ? `, ${plural(r.hoursADay, "hour")} a day on ${plural(r.daysAWeek, "day")} a week`
          : "";
      const monitoring = r.electronicMonitoring ? ", with electronic monitoring" : "";
      const detail = r.detail ? `. ${r.detail}` : "";
      return { label: def.label, terms: `${amount}${curfew}${monitoring}${detail}`, rationale: r.rationale };
    }),
    ancillary: p.ancillary.map((a) => ({
      label: ANCILLARY_ORDERS[a.type],
      terms: a.terms,
      duration:
        a.type === "restraining_order"
          ? a.months === null
            ? "Until further order"
            : `For ${plural(a.months, "month")}`
          : null,
      detail: a.detail,
      rationale: a.rationale,
    })),
  };
}

/** The form's values that reproduce a saved proposal (to show it for editing). */
export function proposalFormValues(p: SentenceProposal): Record<string, string | string[]> {
  const v: Record<string, string | string[]> = {
    sentence: p.sentence.type,
    sentenceRationale: p.sentence.rationale,
    requirements: p.requirements.map((r) => r.type),
    ancillary: p.ancillary.map((a) => a.type),
  };
  const t = p.sentence.term;
  if (t && p.sentence.type === "community_order") v.orderMonths = String(t.value);
  if (t && p.sentence.type === "conditional_discharge") v.dischargeMonths = String(t.value);
  if (t && p.sentence.type === "custody") Object.assign(v, { custodyTerm: String(t.value), custodyUnit: t.unit });
  if (t && p.sentence.type === "suspended_sentence_order")
    Object.assign(v, { suspendedTerm: String(t.value), suspendedUnit: t.unit });
  if (p.sentence.suspendedMonths !== null) v.suspendedMonths = String(p.sentence.suspendedMonths);
  for (const r of p.requirements) {
    v[`${r.type}-amount`] = String(r.amount);
    v[`${r.type}-rationale`] = r.rationale;
    if (r.detail) v[`${r.type}-detail`] = r.detail;
    if (r.hoursADay !== null) v[`${r.type}-hours`] = String(r.hoursADay);
    if (r.daysAWeek !== null) v[`${r.type}-days`] = String(r.daysAWeek);
    if (r.electronicMonitoring) v[`${r.type}-monitoring`] = "yes";
  }
  for (const a of p.ancillary) {
    v[`${a.type}-rationale`] = a.rationale;
    if (a.terms.length) v[`${a.type}-terms`] = a.terms.join("\n");
    if (a.type === "restraining_order") v[`${a.type}-until`] = a.months === null ? "further_order" : "months";
    if (a.months !== null) v[`${a.type}-months`] = String(a.months);
    if (a.detail) v[`${a.type}-detail`] = a.detail;
  }
  return v;
}

const StoredSchema = z.object({
  sentence: z.object({
    type: z.enum(SENTENCE_TYPE_CODES as [SentenceType, ...SentenceType[]]),
    term: z.object({ value: z.number(), unit: TermSchema }).nullable(),
    suspendedMonths: z.number().nullable(),
    rationale: z.string(),
  }),
  requirements: z.array(
    z.object({
      type: z.enum(REQUIREMENT_CODES as [RequirementType, ...RequirementType[]]),
      amount: z.number(),
      detail: z.string().nullable(),
      hoursADay: z.number().nullable(),
      daysAWeek: z.number().nullable(),
      electronicMonitoring: z.boolean(),
      rationale: z.string(),
    }),
  ),
  ancillary: z.array(
    z.object({
      type: z.enum(ANCILLARY_CODES as [AncillaryType, ...AncillaryType[]]),
      terms: z.array(z.string()),
      months: z.number().nullable(),
      detail: z.string().nullable(),
      rationale: z.string(),
    }),
  ),
  contactOverride: z.object({ at: z.string(), by: z.string(), kinds: z.string() }).nullable(),
});

/** The stored proposal (the sentence_proposal column), or null when there is none or it is not one we can read. */
export function readProposal(json: string | null): SentenceProposal | null {
  if (!json) return null;
  try {
    const parsed = StoredSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

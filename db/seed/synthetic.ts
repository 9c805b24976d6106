// Shared by the demo and the large seed: a repeatable pseudo-random generator and invented people. Names are
// random combinations from short lists (surnames mostly invented), never anyone real; identifiers are made up
// in the right shape (NHS numbers from the 999 test range).
import { normaliseName } from "../../app/domain/person-names";

/** mulberry32: small, fast, repeatable for a given seed. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  /** A whole number from lo to hi inclusive. */
  const between = (lo: number, hi: number) => lo + int(hi - lo + 1);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const chance = (p: number) => next() < p;
  /** Up to n different items, in the list's order. */
  const some = <T>(xs: readonly T[], n: number): T[] => {
    const chosen = new Set<number>();
    while (chosen.size < Math.min(n, xs.length)) chosen.add(int(xs.length));
    return [...chosen].sort((x, y) => x - y).map((i) => xs[i]!);
  };
  // Weight tables are constants, so their entries and totals are worked out once.
  const tables = new WeakMap<object, { entries: [string, number][]; sum: number }>();
  /** Picks a key by weight. */
  const weighted = <K extends string>(w: Readonly<Partial<Record<K, number>>>): K => {
    let t = tables.get(w);
    if (!t) {
      const entries = Object.entries(w) as [string, number][];
      t = { entries, sum: entries.reduce((s, [, x]) => s + x, 0) };
      tables.set(w, t);
    }
    let r = next() * t.sum;
    for (const [k, x] of t.entries) {
      r -= x;
      if (r < 0) return k as K;
    }
    return t.entries[t.entries.length - 1]![0] as K;
  };
  return { next, int, between, pick, chance, some, weighted };
}
export type Rng = ReturnType<typeof prng>;

// Staff names in the large seed (neutral first names).
export const FIRST_NAMES = [
  "Alex",
  "Bailey",
  "Casey",
  "Dana",
  "Eden",
  "Farah",
  "Gale",
  "Harper",
  "Ira",
  "Jude",
  "Kai",
  "Lane",
  "Morgan",
  "Nico",
  "Oakley",
  "Parker",
  "Quinn",
  "Rowan",
  "Sasha",
  "Tatum",
  "Umi",
  "Vale",
  "Wren",
  "Xan",
  "Yael",
  "Zuri",
  "Arlo",
  "Briar",
  "Cael",
  "Dex",
  "Ember",
  "Finch",
] as const;
export const LAST_NAMES = [
  "Ashdown",
  "Brackley",
  "Corrin",
  "Dunmore",
  "Elsworth",
  "Fenwick",
  "Garrow",
  "Hollin",
  "Ingleby",
  "Jessop",
  "Kettering",
  "Lowther",
  "Marchbank",
  "Nettleford",
  "Ormsby",
  "Pendry",
  "Quarrell",
  "Rushworth",
  "Stainforth",
  "Thornby",
  "Upwood",
  "Varley",
  "Wexcombe",
  "Yarrow",
  "Aldwick",
  "Bramhope",
  "Cleave",
  "Draycott",
] as const;

// Parties to cases. First names avoid the demo staff's; surnames are mostly invented.
const WOMEN = [
  "Alisha",
  "Bethany",
  "Chloe",
  "Danielle",
  "Eleni",
  "Freya",
  "Georgia",
  "Holly",
  "Isla",
  "Jasmine",
  "Kerry",
  "Leah",
  "Megan",
  "Nadia",
  "Olivia",
  "Phoebe",
  "Rachel",
  "Sian",
  "Tara",
  "Una",
  "Vanessa",
  "Yasmin",
  "Zara",
  "Aisha",
  "Bronwen",
  "Claire",
  "Demi",
  "Esme",
  "Grace",
  "Harriet",
  "Ivy",
  "Joanne",
  "Katie",
  "Lauren",
  "Mia",
] as const;
const MEN = [
  "Aaron",
  "Ben",
  "Callum",
  "Darren",
  "Ethan",
  "Faisal",
  "Glen",
  "Harvey",
  "Ian",
  "Jamie",
  "Karl",
  "Liam",
  "Marcus",
  "Nathan",
  "Oliver",
  "Paul",
  "Reece",
  "Scott",
  "Tyler",
  "Usman",
  "Vince",
  "Wayne",
  "Adam",
  "Bradley",
  "Connor",
  "Dean",
  "Elliot",
  "Gavin",
  "Jason",
  "Kyle",
  "Luke",
  "Mark",
  "Neil",
  "Ryan",
  "Stuart",
] as const;
const SURNAMES = [
  ...LAST_NAMES,
  "Abbotsley",
  "Blenkinsop",
  "Carbury",
  "Dallimore",
  "Edgecombe",
  "Fairclough",
  "Gilholm",
  "Hartigan",
  "Ivesley",
  "Jolliffe",
  "Kenworthy",
  "Lathbury",
  "Mossop",
  "Norcliffe",
  "Oxenham",
  "Pilbeam",
  "Rawcliffe",
  "Scarisbrick",
  "Tolliver",
  "Underhay",
  "Vosper",
  "Wetherall",
  "Yeoland",
  "Brundage",
  "Challis",
  "Dearlove",
  "Etheridge",
  "Frogley",
  "Gorringe",
  "Hebblethwaite",
  "Kitchingman",
  "Loveridge",
] as const;

export type Sex = "female" | "male";

export type SyntheticPerson = {
  fullName: string;
  searchName: string;
  first: string;
  last: string;
  sex: Sex;
  dateOfBirth: string;
  aliases: string[];
  identifiers: Record<string, unknown>;
};

const HANDLE_WORDS = [
  "shadow",
  "nightowl",
  "lonewolf",
  "truthseeker",
  "quietone",
  "northstar",
  "redkite",
  "blackcab",
  "silverfox",
  "watcher",
] as const;
const NICKNAMES: Partial<Record<string, string>> = {
  Callum: "Cal",
  Darren: "Daz",
  Nathan: "Nate",
  Marcus: "Marc",
  Bradley: "Brad",
  Stuart: "Stu",
  Oliver: "Ollie",
  Jamie: "Jim",
  Reece: "Reecey",
  Kyle: "Ky",
};

/** An invented person: a name, a date of birth between ages 18 and 70, no aliases or identifiers yet. */
export function syntheticPerson(rng: Rng, sex: Sex, now: number): SyntheticPerson {
  const first = rng.pick(sex === "female" ? WOMEN : MEN);
  const last = rng.pick(SURNAMES);
  const fullName = `${first} ${last}`;
  const year = new Date(now).getUTCFullYear() - rng.between(18, 70);
  const dateOfBirth = `${year}-${String(rng.between(1, 12)).padStart(2, "0")}-${String(rng.between(1, 28)).padStart(2, "0")}`;
  return { fullName, searchName: normaliseName(fullName), first, last, sex, dateOfBirth, aliases: [], identifiers: {} };
}

/** Other names a perpetrator uses: an online handle, a nickname, a former surname. */
export function perpetratorAliases(rng: Rng, p: SyntheticPerson, online: boolean): string[] {
  const out: string[] = [];
  if (online || rng.chance(0.2)) out.push(`${rng.pick(HANDLE_WORDS)}_${p.first.toLowerCase()}${rng.between(10, 99)}`);
  const nick = NICKNAMES[p.first];
  if (nick && rng.chance(0.5)) out.push(`${nick} ${p.last}`);
  if (rng.chance(0.1)) out.push(`${p.first} ${rng.pick(SURNAMES)}`);
  return out;
}

/** PNC ID: two-digit year, a serial number and a check letter (87/123456X). */
export function pncNumber(rng: Rng): string {
  return `${String(rng.between(0, 25)).padStart(2, "0")}/${String(rng.int(1_000_000)).padStart(6, "0")}${String.fromCharCode(65 + rng.int(26))}`;
}

/** nDelius case reference number: a letter and six digits. */
export function ndeliusCrn(rng: Rng): string {
  return `${String.fromCharCode(65 + rng.int(26))}${String(rng.int(1_000_000)).padStart(6, "0")}`;
}

/** An NHS number from the 999 test range with a valid modulus 11 check digit. */
export function testNhsNumber(rng: Rng): string {
  for (;;) {
    const digits = [9, 9, 9, ...Array.from({ length: 6 }, () => rng.int(10))];
    const sum = digits.reduce((s, d, i) => s + d * (10 - i), 0);
    const check = 11 - (sum % 11);
    if (check === 10) continue;
    return [...digits, check === 11 ? 0 : check].join("");
  }
}

/** Crime references in Northshire's shape, numbered in order so none is ever on two cases: NS/01234/26. */
export function crimeReferences(start = 1) {
  let n = start;
  return (year: number) => `NS/${String(n++).padStart(6, "0")}/${String(year % 100).padStart(2, "0")}`;
}

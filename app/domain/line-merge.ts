/**
 * Three-way merge of texts by lines (diff3), for minutes written by several people at once. Changes to
 * different lines of the common base merge; changes to the same lines come back as a conflict for a person to
 * resolve, so an edit is never silently lost. Lines both sides added at the same place are kept, theirs first.
 */
export type MergeResult =
  { ok: true; text: string } | { ok: false; conflicts: { base: string; ours: string; theirs: string }[] };

function lines(text: string): string[] {
  return text === "" ? [] : text.replace(/\r\n?/g, "\n").split("\n");
}

/** For each line of `a`, the index of the line of `b` it is matched to by a longest common subsequence, or -1. */
function lcsMatches(a: readonly string[], b: readonly string[]): number[] {
  // Trim the common prefix and suffix first: minutes usually change in one place, so the table stays small.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const match = new Array<number>(a.length).fill(-1);
  for (let i = 0; i < start; i++) match[i] = i;
  for (let i = endA; i < a.length; i++) match[i] = i - endA + endB;
  const n = endA - start;
  const m = endB - start;
  const table: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i]![j] =
        a[start + i] === b[start + j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
    }
  }
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[start + i] === b[start + j]) {
      match[start + i] = start + j;
      i++;
      j++;
    } else if (table[i + 1]![j]! >= table[i]![j + 1]!) i++;
    else j++;
  }
  return match;
}

function same(x: readonly string[], y: readonly string[]): boolean {
  return x.length === y.length && x.every((line, i) => line === y[i]);
}

/** Merges `ours` and `theirs`, both edited from `base`. */
export function mergeLines(base: string, ours: string, theirs: string): MergeResult {
  if (ours === theirs) return { ok: true, text: ours };
  if (ours === base) return { ok: true, text: theirs };
  if (theirs === base) return { ok: true, text: ours };
  const o = lines(base);
  const a = lines(ours);
  const b = lines(theirs);
  const ma = lcsMatches(o, a);
  const mb = lcsMatches(o, b);
  const out: string[] = [];
  const conflicts: { base: string; ours: string; theirs: string }[] = [];
  let io = 0;
  let ia = 0;
  let ib = 0;
  const resolve = (to: number, toA: number, toB: number) => {
    const co = o.slice(io, to);
    const ca = a.slice(ia, toA);
    const cb = b.slice(ib, toB);
    if (same(ca, co)) out.push(...cb);
    else if (same(cb, co) || same(ca, cb)) out.push(...ca);
    // Both added lines at the same place and removed nothing: keep both, the earlier save first (minutes
    // written together usually grow at the end).
    else if (co.length === 0) out.push(...cb, ...ca);
    // Adjacent lines changed in place (no lines added or removed): merge line by line.
    else if (
      ca.length === co.length &&
      cb.length === co.length &&
      co.every((line, k) => ca[k] === line || cb[k] === line || ca[k] === cb[k])
    )
      out.push(...co.map((line, k) => (ca[k] === line ? cb[k]! : ca[k]!)));
    else conflicts.push({ base: co.join("\n"), ours: ca.join("\n"), theirs: cb.join("\n") });
  };
  for (;;) {
    // The next base line kept by both sides, at or after the current position, is a stable point.
    let i = io;
    while (i < o.length && (ma[i]! < ia || mb[i]! < ib)) i++;
    if (i === o.length) {
      resolve(o.length, a.length, b.length);
      break;
    }
    const ai = ma[i]!;
    const bi = mb[i]!;
    if (i === io && ai === ia && bi === ib) {
      out.push(o[i]!);
      io++;
      ia++;
      ib++;
      continue;
    }
    resolve(i, ai, bi);
    io = i;
    ia = ai;
    ib = bi;
  }
  return conflicts.length ? { ok: false, conflicts } : { ok: true, text: out.join("\n") };
}

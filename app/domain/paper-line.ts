/**
 * One line for a record in a meeting's papers: its title and summary line, without saying the same thing twice.
 * Incidents' summaries begin with their title ("Loitering on 31 May 2026" / "Loitering on 31 May 2026 at 7:50am,
 * reported by the victim"), so a summary that already begins with the title stands alone.
 */
export function paperLine(title: string, summary: string): string {
  const t = title.trim();
  const s = summary.trim();
  if (!s) return t;
  if (s.toLowerCase().startsWith(t.toLowerCase())) return s.length === t.length ? t : s;
  return `${t}: ${s}`;
}

// Stored as UTC ISO strings; shown in Europe/London in GOV.UK style ("7 March 2025", "7 March 2025 at 2:05pm").
const dateFormat = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", day: "numeric", month: "long", year: "numeric" });
const timeFormat = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "numeric", minute: "2-digit", hour12: true });

export function formatDate(iso: string | Date): string {
  return dateFormat.format(typeof iso === "string" ? new Date(iso) : iso);
}

export function formatDateTime(iso: string | Date): string {
  const d = typeof iso === "string" ? new Date(iso) : iso;
  const time = timeFormat.format(d).replace(" ", "").toLowerCase();
  return `${formatDate(d)} at ${time}`;
}

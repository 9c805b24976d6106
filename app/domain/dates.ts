// Stored as UTC ISO strings; shown in Europe/London in GOV.UK style ("7 March 2025", "7 March 2025 at 2:05pm").
const dateFormat = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  day: "numeric",
  month: "long",
  year: "numeric",
});
// hourCycle h12, not hour12: true: en-GB with hour12 gives the h11 cycle ("0:30am" for half past midnight, "0:00pm" at noon).
const timeFormat = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  hour: "numeric",
  minute: "2-digit",
  hourCycle: "h12",
});

export function formatDate(iso: string | Date): string {
  return dateFormat.format(typeof iso === "string" ? new Date(iso) : iso);
}

export function formatDateTime(iso: string | Date): string {
  const d = typeof iso === "string" ? new Date(iso) : iso;
  const time = timeFormat.format(d).replace(/\s/g, "").toLowerCase();
  return `${formatDate(d)} at ${time}`;
}

/** Where a document's malware scan stands (decision 0052), and what each state tells the reader. */
export type ScanStatus = "not_scanned" | "awaiting_scan" | "clean" | "infected";

export const SCAN_LABELS: Record<ScanStatus, string> = {
  not_scanned: "Not scanned for malware (no scanner is set up): open it only if you trust where it came from",
  awaiting_scan: "Awaiting a malware scan: it can be opened once the scan finds it clean",
  clean: "Scanned: no malware found",
  infected: "Held back: malware was found in this file, and nobody can open it",
};

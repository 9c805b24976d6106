// Whether a zip container (an xlsx workbook; docx is one too) expands within bounds before a library inflates it all in
// memory: every entry is inflated here with an output limit (never trusting the sizes the archive declares), and the
// number of entries is capped. A "zip bomb" is a small file that expands to gigabytes.
import { inflateRawSync } from "node:zlib";

export type ZipLimits = { maxTotalBytes: number; maxEntries: number };
export type ZipCheck = { ok: true; totalBytes: number; entries: number } | { ok: false; reason: "not_zip" | "too_many_entries" | "too_large" | "unsupported" };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function findEndOfCentralDirectory(zip: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65,535 bytes, at the very end.
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) if (zip.readUInt32LE(i) === EOCD) return i;
  return -1;
}

export function zipExpandsWithin(zip: Buffer, limits: ZipLimits): ZipCheck {
  const end = findEndOfCentralDirectory(zip);
  if (end < 0) return { ok: false, reason: "not_zip" };
  const entries = zip.readUInt16LE(end + 10);
  const directoryOffset = zip.readUInt32LE(end + 16);
  // ZIP64 archives mark these fields as "see the ZIP64 record": not something a spreadsheet export needs.
  if (entries === 0xffff || directoryOffset === 0xffffffff) return { ok: false, reason: "unsupported" };
  if (entries > limits.maxEntries) return { ok: false, reason: "too_many_entries" };
  let total = 0;
  let at = directoryOffset;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== CENTRAL) return { ok: false, reason: "not_zip" };
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const local = zip.readUInt32LE(at + 42);
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    if (local + 30 > zip.length || zip.readUInt32LE(local) !== LOCAL) return { ok: false, reason: "not_zip" };
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + compressed);
    if (data.length !== compressed) return { ok: false, reason: "not_zip" };
    const budget = limits.maxTotalBytes - total;
    if (method === 0) {
      total += compressed;
    } else if (method === 8) {
      try {
        total += inflateRawSync(data, { maxOutputLength: Math.max(1, budget) }).length;
      } catch (error) {
        return { ok: false, reason: error instanceof RangeError ? "too_large" : "not_zip" };
      }
    } else {
      return { ok: false, reason: "unsupported" };
    }
    if (total > limits.maxTotalBytes) return { ok: false, reason: "too_large" };
  }
  return { ok: true, totalBytes: total, entries };
}

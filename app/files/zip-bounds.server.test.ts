import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { zipExpandsWithin } from "./zip-bounds.server";
import { zipOf } from "./zip.test-helper";

describe("zipExpandsWithin", () => {
  it("passes a real workbook and counts what it expands to", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Import");
    for (let i = 0; i < 200; i++) sheet.addRow(["case", `K-${i}`, `K-${i}`]);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    const check = zipExpandsWithin(xlsx, { maxTotalBytes: 10_000_000, maxEntries: 100 });
    expect(check.ok).toBe(true);
    expect(check.ok && check.totalBytes).toBeGreaterThan(xlsx.length);
  });

  it("refuses an archive that expands beyond the limit, whatever sizes it declares", () => {
    const bomb = zipOf([{ name: "xl/worksheets/sheet1.xml", content: Buffer.alloc(50 * 1024 * 1024, 0x20) }]);
    expect(bomb.length).toBeLessThan(100 * 1024);
    expect(zipExpandsWithin(bomb, { maxTotalBytes: 10 * 1024 * 1024, maxEntries: 100 })).toEqual({ ok: false, reason: "too_large" });
    // The same content split over many entries adds up.
    const spread = zipOf(Array.from({ length: 20 }, (_, i) => ({ name: `part${i}.xml`, content: Buffer.alloc(1024 * 1024, 0x20) })));
    expect(zipExpandsWithin(spread, { maxTotalBytes: 10 * 1024 * 1024, maxEntries: 100 })).toEqual({ ok: false, reason: "too_large" });
    expect(zipExpandsWithin(spread, { maxTotalBytes: 100 * 1024 * 1024, maxEntries: 100 }).ok).toBe(true);
  });

  it("refuses too many entries, and what is not a zip", () => {
    const many = zipOf(Array.from({ length: 30 }, (_, i) => ({ name: `f${i}`, content: Buffer.from("x") })));
    expect(zipExpandsWithin(many, { maxTotalBytes: 1_000_000, maxEntries: 10 })).toEqual({ ok: false, reason: "too_many_entries" });
    expect(zipExpandsWithin(Buffer.from("record,source_key\n"), { maxTotalBytes: 1_000_000, maxEntries: 10 })).toEqual({ ok: false, reason: "not_zip" });
    const cut = many.subarray(0, 40);
    expect(zipExpandsWithin(Buffer.concat([cut, many.subarray(many.length - 22)]), { maxTotalBytes: 1_000_000, maxEntries: 100 }).ok).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { contactShapesIn, describeContactShapes, type ContactShape } from "./contact-detail-shapes";

const kinds = (text: string): ContactShape[] => contactShapesIn(text).map((f) => f.kind);
const texts = (text: string, kind: ContactShape) =>
  contactShapesIn(text)
    .filter((f) => f.kind === kind)
    .map((f) => f.text);

describe("contactShapesIn: UK postcodes", () => {
  it.each(["NS9 4QT", "ns9 4qt", "M1 1AA", "B33 8TH", "CR2 6XH", "DN55 1PT", "W1A 0AX", "EC1A 1BB", "SW1A1AA"])(
    "finds %s",
    (pc) => {
      expect(texts(`She has moved to ${pc} now.`, "postcode")).toEqual([pc]);
    },
  );
  it("does not take an inward code with letters a postcode never uses", () => {
    expect(kinds("M1 1CI")).not.toContain("postcode");
  });
});

describe("contactShapesIn: phone numbers", () => {
  it.each([
    "07700 900417",
    "07700900417",
    "+44 7700 900417",
    "+447700900417",
    "+44 (0)7700 900417",
    "0044 7700 900 417",
    "(0161) 496 0000",
    "0161-496-0000",
    "020 7946 0018",
    "+44 20 7946 0018",
    "01632 960 123",
  ])("finds %s", (phone) => {
    expect(texts(`Her number is ${phone}.`, "phone")).toEqual([phone]);
  });
  it("leaves numbers of the wrong length alone", () => {
    expect(kinds("Ring 0800 11 11 or 999.")).toEqual([]);
    expect(kinds("Reference 0123 45")).toEqual([]);
  });
});

describe("contactShapesIn: email addresses", () => {
  it("finds an address and not a phone number inside it", () => {
    expect(contactShapesIn("Write to n.calloway07700900417@example.test today")).toEqual([
      { kind: "email", text: "n.calloway07700900417@example.test" },
    ]);
    expect(kinds("Email N.Calloway@Example.co.uk")).toEqual(["email"]);
  });
});

describe("contactShapesIn: addresses with a house number", () => {
  it.each([
    ["She now lives at 14 Larkspur Row with her sister.", "lives at 14 Larkspur"],
    ["The victim moved to Flat 2, 9 Mill Lane last week.", "moved to Flat 2, 9 Mill"],
    ["Her new address is 3a Elmfield.", "address is 3a Elmfield"],
    ["Address: 27 Harbour View", "Address: 27 Harbour"],
    ["He is living at 112 Beech", "living at 112 Beech"],
  ])("finds %s", (text, found) => {
    expect(texts(text, "address")).toContain(found);
  });
  it("finds a house number and a street", () => {
    expect(texts("He waited outside 14 Larkspur Road for an hour.", "address")).toEqual(["14 Larkspur Road"]);
  });
});

describe("contactShapesIn: vehicle registrations", () => {
  it.each(["AB12 CDE", "AB12CDE", "A123 BCD", "ABC 123D"])("finds %s", (reg) => {
    expect(texts(`He drives ${reg}.`, "vehicle")).toEqual([reg]);
  });
});

describe("contactShapesIn: text that must not match", () => {
  it.each([
    "The offences were committed between 12/03/2026 and 01/05/2026.",
    "Convicted on 7 March 2026 at Northshire Crown Court.",
    "Case NS-2026-0042 was referred to the stalking clinic.",
    "Contrary to section 2A of the Protection from Harassment Act 1997, and s.4A(1)(b)(ii).",
    "Section 4A PHA 1997; section 42 of the Family Law Act 1996.",
    "PNC 87/123456X, nDelius X123456, crime reference NS/12345/26.",
    "NHS number 943 476 5919 was checked.",
    "He has moved to 3 different towns and lived at home until 2024.",
    "She addressed 4 letters to the court; his address to the court was brief.",
    "He was assessed with the SAM and SRP; MAPPA level 2, category 2.",
    "A 12 month community order with 20 RAR days and a 6 month curfew from 1900 to 0700.",
    "Hearing at 10:30 on 14 April 2026 in court 3.",
    "Risk scores 0 1 2 1 0 2 1 1 0 across the items.",
  ])("leaves alone: %s", (text) => {
    expect(contactShapesIn(text)).toEqual([]);
  });
});

describe("describeContactShapes", () => {
  it("names each thing found, quoting it", () => {
    const found = contactShapesIn("She lives at 14 Larkspur Row, NS9 4QT, mobile 07700 900417.");
    expect(found.map((f) => f.kind).sort()).toEqual(["address", "phone", "postcode"]);
    expect(describeContactShapes(found)).toBe(
      'a phone number ("07700 900417"), a postcode ("NS9 4QT") and an address ("lives at 14 Larkspur")',
    );
  });
});

import { describe, expect, it } from "vitest";
import { contactDetailsIn } from "./contact-details-check";

const CONTACT = {
  address: "14 Larkspur Row, Northshire NS9 4QT",
  phone: "07700 900417",
  email: "n.calloway@example.test",
  workplace: "Northshire Business Park, Unit 7",
};

describe("contactDetailsIn", () => {
  it("finds each kind of contact detail whatever the layout", () => {
    expect(contactDetailsIn("She now lives at 14 larkspur row.", [CONTACT])).toEqual(["address"]);
    expect(contactDetailsIn("Postcode ns94qt", [CONTACT])).toEqual(["address"]);
    expect(contactDetailsIn("Call her on +44 7700-900-417", [CONTACT])).toEqual(["phone"]);
    expect(contactDetailsIn("Email N.Calloway@example.test please", [CONTACT])).toEqual(["email"]);
    expect(contactDetailsIn("He waited at Northshire Business Park", [CONTACT])).toEqual(["workplace"]);
  });

  it("leaves ordinary text alone", () => {
    expect(
      contactDetailsIn("She has changed her route to work and no longer goes out alone in the evening.", [CONTACT]),
    ).toEqual([]);
    // A short first line or number is not enough to match on (too many false alarms).
    expect(contactDetailsIn("Row 14 of the table; 0417", [{ address: "Flat 2", phone: "0417" }])).toEqual([]);
    expect(contactDetailsIn("anything", [])).toEqual([]);
  });
});

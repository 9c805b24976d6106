import { describe, expect, it } from "vitest";
import { BEHAVIOURS } from "./behaviours";
import { escalationFor, ORDER_EXPIRY_REVIEW_DAYS } from "./risk-escalation";

describe("escalationFor", () => {
  it("a breach always opens a review", () => {
    expect(escalationFor({ kind: "breach" })).toEqual({ reason: "Review risk: breach of a protective order recorded" });
  });
  it("an incident with threats or violence opens a review", () => {
    expect(escalationFor({ kind: "incident", behaviours: ["messages", "threats"] })).toEqual({
      reason: "Review risk: new incident with threats recorded",
    });
    expect(escalationFor({ kind: "incident", behaviours: ["violence"] })).toEqual({
      reason: "Review risk: new incident with violence recorded",
    });
    expect(escalationFor({ kind: "incident", behaviours: ["violence", "following", "threats"] })).toEqual({
      reason: "Review risk: new incident with threats and violence recorded",
    });
  });
  it("an incident without threats or violence does not", () => {
    const others = BEHAVIOURS.filter((b) => b !== "threats" && b !== "violence");
    expect(escalationFor({ kind: "incident", behaviours: others })).toBeNull();
    expect(escalationFor({ kind: "incident", behaviours: [] })).toBeNull();
    expect(escalationFor({ kind: "incident", behaviours: ["THREATS", "violent"] })).toBeNull();
  });
  it("release from custody opens a review", () => {
    expect(escalationFor({ kind: "release_from_custody" })).toEqual({
      reason: "Review risk: perpetrator released from custody",
    });
  });
  it("an order expiring within 14 days opens a review", () => {
    expect(ORDER_EXPIRY_REVIEW_DAYS).toBe(14);
    expect(escalationFor({ kind: "order_expiring", daysLeft: 14 })).toEqual({
      reason: "Review risk: a protective order expires in 14 days",
    });
    expect(escalationFor({ kind: "order_expiring", daysLeft: 1 })).toEqual({
      reason: "Review risk: a protective order expires in 1 day",
    });
    expect(escalationFor({ kind: "order_expiring", daysLeft: 0 })).toEqual({
      reason: "Review risk: a protective order expires today",
    });
  });
  it("an order expiring later does not", () => {
    expect(escalationFor({ kind: "order_expiring", daysLeft: 15 })).toBeNull();
    expect(escalationFor({ kind: "order_expiring", daysLeft: 90 })).toBeNull();
    expect(escalationFor({ kind: "order_expiring", daysLeft: Number.NaN })).toBeNull();
    expect(escalationFor({ kind: "order_expiring", daysLeft: 2.5 })).toBeNull();
  });
  it("an order already past its end, or expired, opens a review", () => {
    expect(escalationFor({ kind: "order_expiring", daysLeft: -1 })).toEqual({
      reason: "Review risk: a protective order has expired",
    });
    expect(escalationFor({ kind: "order_expired" })).toEqual({ reason: "Review risk: a protective order has expired" });
  });
});

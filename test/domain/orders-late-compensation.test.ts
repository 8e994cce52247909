import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EXPRESS_V1, CLASSIC_V1 } from "../../src/domain/policy/policy.js";
import { lateDeliveryCompensation, recordShipment } from "../../src/domain/orders/use-cases/record-shipment.js";
import { money } from "../../src/domain/shared/money.js";
import { apply, asSupplier, completeTerms, depositPaidOrder, ORDER_ID, usd } from "./orders-fixtures.js";

describe("late-delivery compensation (express)", () => {
  it("POL-01: express — shipping late earns the buyer 10 % of the order value, capped at USD 100", () => {
    // Order total USD 1,250.00: 10 % is 125.00, capped at 100.00.
    const { order } = depositPaidOrder(completeTerms(), "express");
    const late = apply(
      order,
      recordShipment(order, { orderId: ORDER_ID, shippedOn: "2026-03-18", carrier: "COSCO", trackingNumber: "C1" }, asSupplier("2026-03-18T10:00:00.000Z")),
    );
    expect(late.shipment?.daysLate).toBe(2);
    expect(late.shipment?.lateDeliveryCompensation).toEqual({
      amount: usd(10_000),
      basisPoints: 1_000,
      cap: usd(10_000),
      capApplied: true,
      needsStaffReview: false,
    });
  });

  it("POL-01: on time, or under the classic profile, there is no compensation", () => {
    const express = depositPaidOrder(completeTerms(), "express").order;
    const onTime = apply(
      express,
      recordShipment(express, { orderId: ORDER_ID, shippedOn: "2026-03-16", carrier: "COSCO", trackingNumber: "C1" }, asSupplier("2026-03-16T10:00:00.000Z")),
    );
    expect(onTime.shipment?.lateDeliveryCompensation).toBeUndefined();
    const classic = depositPaidOrder(completeTerms(), "classic").order;
    const lateClassic = apply(
      classic,
      recordShipment(classic, { orderId: ORDER_ID, shippedOn: "2026-03-18", carrier: "COSCO", trackingNumber: "C1" }, asSupplier("2026-03-18T10:00:00.000Z")),
    );
    expect(lateClassic.shipment?.lateDeliveryCompensation).toBeUndefined();
    expect(lateDeliveryCompensation(usd(100_000), CLASSIC_V1)).toBeUndefined();
  });

  it("POL-01: property — the compensation never exceeds 10 % of the order nor the cap; other currencies go to staff uncapped", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 ** 12 }), (total) => {
        const c = lateDeliveryCompensation(usd(total), EXPRESS_V1)!;
        expect(c.amount.amountMinor).toBeLessThanOrEqual(10_000);
        expect(c.amount.amountMinor * 10).toBeLessThanOrEqual(total + 5);
        expect(Number.isInteger(c.amount.amountMinor)).toBe(true);
      }),
    );
    expect(lateDeliveryCompensation(money(500_000, "CNY"), EXPRESS_V1)).toMatchObject({
      amount: money(50_000, "CNY"),
      capApplied: false,
      needsStaffReview: true,
    });
  });
});

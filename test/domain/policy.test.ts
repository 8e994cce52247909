import { describe, expect, it } from "vitest";
import { CLASSIC_V1, currentPolicy, EXPRESS_V1, policyFor, POLICY_VERSIONS, type PolicyProfile } from "../../src/domain/policy/policy.js";
import { paymentFee } from "../../src/domain/orders/payment-fees.js";
import type { DomainError } from "../../src/domain/shared/errors.js";

describe("policy profiles", () => {
  it("POL-01: classic carries the rules text's numbers as named parameters", () => {
    expect(CLASSIC_V1.supplierResponseWindow).toEqual({ days: 15, unit: "business" });
    expect(CLASSIC_V1.negotiationPeriod).toEqual({ days: 15, unit: "calendar" });
    expect(CLASSIC_V1.preShipmentClaimWindowAfterShipment).toEqual({ days: 15, unit: "calendar" });
    expect(CLASSIC_V1.postDeliveryAfterCustomsClearance).toEqual({ days: 15, unit: "calendar" });
    expect(CLASSIC_V1.postDeliveryAfterShipment).toEqual({ days: 90, unit: "calendar" });
    expect(CLASSIC_V1.determinationTarget).toEqual({ days: 7, unit: "calendar" });
    expect(CLASSIC_V1.appealWindow).toEqual({ days: 30, unit: "calendar" });
    expect(CLASSIC_V1.autoEscalateOnDay).toBeNull();
    expect(CLASSIC_V1.lateDeliveryCompensation).toBeNull();
  });

  it("POL-01: express carries today's help-page numbers", () => {
    expect(EXPRESS_V1.supplierResponseWindow).toEqual({ days: 3, unit: "calendar" });
    expect(EXPRESS_V1.buyerMayEscalateFromDay).toBe(4);
    expect(EXPRESS_V1.autoEscalateOnDay).toBe(7);
    expect(EXPRESS_V1.postDeliveryAfterReceipt).toEqual({ days: 30, unit: "calendar" });
    expect(EXPRESS_V1.lateDeliveryCompensation).toEqual({ basisPoints: 1_000, cap: { amountMinor: 10_000, currency: "USD" } });
  });

  it("POL-01 / PO-07: the payment fees are parameters of both profiles — card 2.95 %, T/T USD 30–50, Western Union USD 4.90–45, pay-later free", () => {
    for (const profile of [CLASSIC_V1, EXPRESS_V1]) {
      expect(profile.paymentFees).toEqual({
        card: { kind: "percent", basisPoints: 295 },
        tt: { kind: "range", min: { amountMinor: 3_000, currency: "USD" }, max: { amountMinor: 5_000, currency: "USD" } },
        "western-union": { kind: "range", min: { amountMinor: 490, currency: "USD" }, max: { amountMinor: 4_500, currency: "USD" } },
        "pay-later": { kind: "free" },
      });
    }
  });

  it("POL-01 / PO-07: a fee is computed from the schedule it is given, not from a constant", () => {
    const cheaperCard = { ...CLASSIC_V1.paymentFees, card: { kind: "percent", basisPoints: 150 } } as const;
    expect(paymentFee(cheaperCard, "card", { amountMinor: 10_000, currency: "USD" }, undefined)).toEqual({ amountMinor: 150, currency: "USD" });
    expect(paymentFee(CLASSIC_V1.paymentFees, "card", { amountMinor: 10_000, currency: "USD" }, undefined)).toEqual({ amountMinor: 295, currency: "USD" });
  });

  it("POL-02: an order's recorded version is returned exactly, even after a newer version ships", () => {
    const classicV2: PolicyProfile = { ...CLASSIC_V1, version: 2, supplierResponseWindow: { days: 10, unit: "business" } };
    const versions = [...POLICY_VERSIONS, classicV2];
    expect(currentPolicy("classic", versions).version).toBe(2);
    expect(policyFor({ name: "classic", version: 1 }, versions).supplierResponseWindow.days).toBe(15);
    try {
      policyFor({ name: "classic", version: 9 });
      expect.unreachable();
    } catch (e) {
      expect((e as DomainError).code).toBe("POLICY_UNKNOWN");
    }
  });
});

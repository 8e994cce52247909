import { describe, expect, it } from "vitest";
import { CLASSIC_V1, currentPolicy, EXPRESS_V1, policyFor, POLICY_VERSIONS, type PolicyProfile } from "../../src/domain/policy/policy.js";
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

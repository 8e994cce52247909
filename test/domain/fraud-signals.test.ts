import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { detectChargebackAfterRefund, detectCustomsValueCollusion, detectExcessiveClaims, type ClaimFiling } from "../../src/domain/parties/fraud-signals.js";
import { CLASSIC_V1, EXPRESS_V1 } from "../../src/domain/policy/policy.js";
import { money } from "../../src/domain/shared/money.js";
import { addMs, MS_PER_DAY } from "../../src/domain/shared/time.js";

const NOW = "2026-06-30T12:00:00.000Z";
const usd = (amountMinor: number) => money(amountMinor, "USD");
const policy = { excessiveClaims: { maxClaims: 3, withinDays: 30 } };

/** Claims filed `daysAgo` days before NOW. */
function filings(...daysAgo: number[]): ClaimFiling[] {
  return daysAgo.map((d, i) => ({ claimId: `cl-${i + 1}`, filedAt: addMs(NOW, -d * MS_PER_DAY) }));
}

describe("fraud signals: excessive claims (FR-01)", () => {
  it("FR-01: a buyer filing more than the policy's maximum of claims within its period raises a flag with the claims as evidence", () => {
    const flag = detectExcessiveClaims({ buyerId: "buy-1", claims: filings(29, 20, 10, 0) }, policy, NOW);
    expect(flag).toEqual({
      signal: "excessive-claims",
      raisedAt: NOW,
      evidence: {
        claimIds: ["cl-1", "cl-2", "cl-3", "cl-4"],
        claimCount: 4,
        maxClaims: 3,
        withinDays: 30,
        firstFiledAt: addMs(NOW, -29 * MS_PER_DAY),
        lastFiledAt: NOW,
      },
      subjectIds: ["buy-1"],
    });
  });

  it("FR-01: exactly the maximum, or claims spread over more than the period, raise nothing", () => {
    expect(detectExcessiveClaims({ buyerId: "buy-1", claims: filings(20, 10, 0) }, policy, NOW)).toBeUndefined();
    expect(detectExcessiveClaims({ buyerId: "buy-1", claims: filings(90, 60, 31, 0) }, policy, NOW)).toBeUndefined();
    expect(detectExcessiveClaims({ buyerId: "buy-1", claims: [] }, policy, NOW)).toBeUndefined();
  });

  it("FR-01: an earlier burst of claims is found even when the latest window is quiet", () => {
    const flag = detectExcessiveClaims({ buyerId: "buy-1", claims: filings(0, 200, 199, 198, 197) }, policy, NOW);
    expect(flag?.evidence["claimIds"]).toEqual(["cl-2", "cl-3", "cl-4", "cl-5"]);
    expect(flag?.evidence["claimCount"]).toBe(4);
  });

  it("FR-01: the threshold is the policy profile's named parameter", () => {
    const six = filings(50, 40, 30, 20, 10, 0);
    expect(CLASSIC_V1.excessiveClaims).toEqual({ maxClaims: 5, withinDays: 90 });
    expect(detectExcessiveClaims({ buyerId: "buy-1", claims: six }, CLASSIC_V1, NOW)?.evidence["claimCount"]).toBe(6);
    expect(detectExcessiveClaims({ buyerId: "buy-1", claims: six.slice(1) }, EXPRESS_V1, NOW)).toBeUndefined();
  });

  it("FR-01: a flag is raised exactly when some window of the period holds more than the maximum", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 120 }), { maxLength: 12 }), (days) => {
        const flag = detectExcessiveClaims({ buyerId: "b", claims: filings(...days) }, policy, NOW);
        const sorted = [...days].sort((a, b) => a - b);
        const exceeds = sorted.some((start) => sorted.filter((d) => d >= start && d <= start + 30).length > 3);
        expect(flag !== undefined).toBe(exceeds);
        if (flag) expect(flag.evidence["claimCount"]).toBeGreaterThan(3);
      }),
    );
  });
});

describe("fraud signals: chargeback after refund (FR-01)", () => {
  it("FR-01: a chargeback filed after the buyer was refunded raises a flag with both instants", () => {
    const flag = detectChargebackAfterRefund(
      {
        buyerId: "buy-1",
        orderId: "ord-1",
        refunds: [
          { kind: "platform-payout", at: "2026-06-10T09:00:00.000Z" },
          { kind: "supplier-refund", at: "2026-06-01T09:00:00.000Z" },
        ],
        chargebackFiledAt: "2026-06-20T09:00:00.000Z",
      },
      NOW,
    );
    expect(flag).toEqual({
      signal: "chargeback-after-refund",
      raisedAt: NOW,
      evidence: {
        orderId: "ord-1",
        refundKind: "supplier-refund",
        refundedAt: "2026-06-01T09:00:00.000Z",
        refundCount: 2,
        chargebackFiledAt: "2026-06-20T09:00:00.000Z",
      },
      subjectIds: ["buy-1"],
    });
  });

  it("FR-01: a chargeback with no refund before it raises nothing", () => {
    const input = { buyerId: "buy-1", orderId: "ord-1", chargebackFiledAt: "2026-06-20T09:00:00.000Z" };
    expect(detectChargebackAfterRefund({ ...input, refunds: [] }, NOW)).toBeUndefined();
    expect(detectChargebackAfterRefund({ ...input, refunds: [{ kind: "supplier-refund", at: "2026-06-21T09:00:00.000Z" }] }, NOW)).toBeUndefined();
  });
});

describe("fraud signals: collusion on declared customs value (FR-01)", () => {
  const order = { orderId: "ord-1", buyerId: "buy-1", supplierId: "sup-1", orderTotal: usd(1_000_000) };

  it("FR-01: a declared export value below the policy's share of the order total flags buyer and supplier", () => {
    expect(CLASSIC_V1.customsValueCollusion.minDeclaredShareBasisPoints).toBe(7_000);
    const flag = detectCustomsValueCollusion({ ...order, declaredExportValue: usd(200_000) }, CLASSIC_V1, NOW);
    expect(flag).toEqual({
      signal: "customs-value-collusion",
      raisedAt: NOW,
      evidence: {
        orderId: "ord-1",
        currency: "USD",
        orderTotalMinor: 1_000_000,
        declaredValueMinor: 200_000,
        declaredShareBasisPoints: 2_000,
        minDeclaredShareBasisPoints: 7_000,
      },
      subjectIds: ["buy-1", "sup-1"],
    });
  });

  it("FR-01: a declared value at or above the threshold raises nothing; the threshold is a policy parameter", () => {
    expect(detectCustomsValueCollusion({ ...order, declaredExportValue: usd(700_000) }, CLASSIC_V1, NOW)).toBeUndefined();
    expect(detectCustomsValueCollusion({ ...order, declaredExportValue: usd(699_999) }, CLASSIC_V1, NOW)).toBeDefined();
    const strict = { customsValueCollusion: { minDeclaredShareBasisPoints: 10_000 } };
    expect(detectCustomsValueCollusion({ ...order, declaredExportValue: usd(999_999) }, strict, NOW)).toBeDefined();
    expect(detectCustomsValueCollusion({ ...order, orderTotal: usd(0), declaredExportValue: usd(0) }, CLASSIC_V1, NOW)).toBeUndefined();
  });

  it("FR-01: a declaration in another currency than the order is refused rather than compared", () => {
    expect(() => detectCustomsValueCollusion({ ...order, declaredExportValue: money(100, "EUR") }, CLASSIC_V1, NOW)).toThrow(
      expect.objectContaining({ code: "MONEY_CURRENCY_MISMATCH" }),
    );
  });
});

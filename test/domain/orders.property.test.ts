import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CLASSIC_V1 } from "../../src/domain/policy/policy.js";
import { paymentFee } from "../../src/domain/orders/payment-fees.js";
import { validateTerms, totalOfLines } from "../../src/domain/orders/validate-terms.js";
import { money } from "../../src/domain/shared/money.js";
import { completeTerms, usd } from "./orders-fixtures.js";

const line = fc.record({
  quantity: fc.integer({ min: 1, max: 100_000 }),
  unitPriceMinor: fc.integer({ min: 1, max: 10_000_000 }),
});

describe("order arithmetic (properties)", () => {
  it("PO-09: total and balance are exact integer minor units — Σ quantity × unit price, total − deposit — never floats", () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 8 }), fc.nat(), fc.nat(), (specs, depositSeed, protectedSeed) => {
        const lines = specs.map((s, i) => ({ description: `item ${i}`, quantity: s.quantity, unit: "pcs", unitPrice: usd(s.unitPriceMinor) }));
        const exactTotal = specs.reduce((acc, s) => acc + BigInt(s.quantity) * BigInt(s.unitPriceMinor), 0n);
        const total = totalOfLines(lines, "USD");
        expect(total && BigInt(total.amountMinor)).toBe(exactTotal);
        expect(Number.isSafeInteger(total?.amountMinor)).toBe(true);

        const totalMinor = Number(exactTotal);
        const deposit = 1 + (depositSeed % totalMinor);
        const protectedMinor = 1 + (protectedSeed % totalMinor);
        const terms = completeTerms({
          lines,
          total: usd(totalMinor),
          deposit: usd(deposit),
          balance: usd(totalMinor - deposit),
          protectedAmount: usd(protectedMinor),
        });
        expect(validateTerms(terms)).toEqual([]);
        expect(validateTerms({ ...terms, balance: usd(totalMinor - deposit + 1) }).map((p) => p.code)).toEqual(["balanceMismatch"]);
      }),
    );
  });

  it("PO-09: quantities whose total leaves the safe integer range are named, never rounded", () => {
    const huge = [{ description: "x", quantity: 2 ** 40, unit: "pcs", unitPrice: usd(2 ** 20) }];
    expect(totalOfLines(huge, "USD")).toBeUndefined();
    expect(validateTerms(completeTerms({ lines: huge })).map((p) => `${p.path}:${p.code}`)).toContain("lines:amountTooLarge");
  });

  it("PO-07 / PO-09: the card fee is 2.95 % rounded half up to the minor unit, computed in integers", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 ** 12 }), fc.constantFrom("USD", "JPY", "KWD"), (amountMinor, currency) => {
        const fee = paymentFee(CLASSIC_V1.paymentFees, "card", money(amountMinor, currency), undefined);
        const exact = BigInt(amountMinor) * 295n;
        const rounded = exact / 10_000n + (exact % 10_000n >= 5_000n ? 1n : 0n);
        expect(Number.isInteger(fee.amountMinor)).toBe(true);
        expect(BigInt(fee.amountMinor)).toBe(rounded);
        expect(fee.currency).toBe(currency);
      }),
    );
  });

  it("PO-07: every T/T fee inside USD 30–50 is accepted as is, every one outside refused", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000 }), (feeMinor) => {
        const inRange = feeMinor >= 3_000 && feeMinor <= 5_000;
        const run = () => paymentFee(CLASSIC_V1.paymentFees, "tt", usd(100_000), usd(feeMinor));
        if (inRange) expect(run()).toEqual(usd(feeMinor));
        else expect(run).toThrowError(expect.objectContaining({ code: "ORDER_PAYMENT_FEE_OUT_OF_RANGE" }));
      }),
    );
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { add, currencyExponent, min, money, moneySchema, parseMoney, percentOf, subtract, sum, times, toDecimalString } from "../../src/domain/shared/money.js";
import { codeOf } from "./support/refusal.js";

const usd = (n: number) => money(n, "USD");

describe("money", () => {
  it("PO-09: amounts are integer minor units with an ISO 4217 currency; floats are refused", () => {
    expect(usd(123_45)).toEqual({ amountMinor: 12345, currency: "USD" });
    expect(codeOf(() => money(10.5, "USD"))).toBe("MONEY_NOT_INTEGER");
    expect(codeOf(() => money(Number.MAX_SAFE_INTEGER + 2, "USD"))).toBe("MONEY_NOT_INTEGER");
    expect(codeOf(() => money(100, "usd"))).toBe("MONEY_INVALID_CURRENCY");
    expect(moneySchema.safeParse({ amountMinor: 1.5, currency: "USD" }).success).toBe(false);
    expect(moneySchema.safeParse({ amountMinor: 150, currency: "XXX" }).success).toBe(false);
  });

  it("PO-09: mixing currencies is an error, never a silent conversion", () => {
    expect(codeOf(() => add(usd(1), money(1, "CNY")))).toBe("MONEY_CURRENCY_MISMATCH");
    expect(codeOf(() => subtract(usd(1), money(1, "EUR")))).toBe("MONEY_CURRENCY_MISMATCH");
    expect(codeOf(() => min(usd(1), money(1, "EUR")))).toBe("MONEY_CURRENCY_MISMATCH");
    expect(codeOf(() => sum([usd(1), money(1, "EUR")], "USD"))).toBe("MONEY_CURRENCY_MISMATCH");
  });

  it("PO-09: decimal text is parsed in the currency's minor units without floats", () => {
    expect(parseMoney("1234.5", "USD")).toEqual(usd(123450));
    expect(parseMoney("0.07", "USD")).toEqual(usd(7));
    expect(parseMoney("1500", "JPY")).toEqual(money(1500, "JPY"));
    expect(parseMoney("1.234", "KWD")).toEqual(money(1234, "KWD"));
    expect(codeOf(() => parseMoney("1.234", "USD"))).toBe("MONEY_TOO_MANY_DECIMALS");
    expect(codeOf(() => parseMoney("12,5.0", "USD"))).toBe("MONEY_UNPARSEABLE");
    expect(currencyExponent("JPY")).toBe(0);
    expect(toDecimalString(usd(-1205))).toBe("-12.05");
    expect(toDecimalString(money(5, "KWD"))).toBe("0.005");
  });

  it("PO-09: percentages are basis points rounded half away from zero (card fee 2.95 %)", () => {
    expect(percentOf(usd(100_00), 295)).toEqual(usd(2_95));
    expect(percentOf(usd(1_69), 295)).toEqual(usd(5)); // 4.9855 → 5
    expect(percentOf(usd(-1_69), 295)).toEqual(usd(-5));
    expect(percentOf(usd(50), 100)).toEqual(usd(1)); // 0.5 → 1
  });

  it("PO-09: property — arithmetic on random amounts stays exact integers", () => {
    const amount = fc.integer({ min: -1_000_000_000_00, max: 1_000_000_000_00 });
    fc.assert(
      fc.property(amount, amount, fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 1000 }), (a, b, bp, q) => {
        const s = add(usd(a), usd(b));
        expect(Number.isInteger(s.amountMinor)).toBe(true);
        expect(subtract(s, usd(b))).toEqual(usd(a));
        const share = percentOf(usd(a), bp);
        expect(Number.isInteger(share.amountMinor)).toBe(true);
        expect(Math.abs(share.amountMinor)).toBeLessThanOrEqual(Math.abs(a));
        // half-away-from-zero rounding: within half a minor unit of the exact value
        expect(Math.abs(share.amountMinor * 10_000 - a * bp)).toBeLessThanOrEqual(5_000);
        expect(times(usd(a % 1_000_000), q).amountMinor).toBe((a % 1_000_000) * q);
      }),
    );
  });

  it("PO-09: property — parsing the decimal form gives the amount back", () => {
    fc.assert(
      fc.property(fc.integer({ min: -(10 ** 13), max: 10 ** 13 }), fc.constantFrom("USD", "JPY", "KWD", "CNY"), (n, cur) => {
        expect(parseMoney(toDecimalString(money(n, cur)), cur)).toEqual(money(n, cur));
      }),
    );
  });
});

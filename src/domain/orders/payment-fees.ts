/**
 * PO-07: the payment methods the platform covers and their fees — card 2.95 % of the amount; T/T a
 * bank fee of USD 30–50; Western Union USD 4.90–45; pay-later free. Integer minor units only (PO-09).
 */
import { refuse } from "../shared/errors.js";
import { compare, equals, money, percentOf, zero, type Money } from "../shared/money.js";
import type { PaymentMethod } from "./terms.js";

export type FeeRule =
  | { readonly kind: "percent"; readonly basisPoints: number }
  | { readonly kind: "range"; readonly min: Money; readonly max: Money }
  | { readonly kind: "free" };

export const PAYMENT_FEE_SCHEDULE: Readonly<Record<PaymentMethod, FeeRule>> = {
  card: { kind: "percent", basisPoints: 295 },
  tt: { kind: "range", min: money(3_000, "USD"), max: money(5_000, "USD") },
  "western-union": { kind: "range", min: money(490, "USD"), max: money(4_500, "USD") },
  "pay-later": { kind: "free" },
};

/**
 * The fee of a payment: computed for card and pay-later (a stated fee must agree), stated and
 * checked against the method's range for T/T and Western Union.
 */
export function paymentFee(method: PaymentMethod, amount: Money, statedFee: Money | undefined): Money {
  const rule = PAYMENT_FEE_SCHEDULE[method];
  switch (rule.kind) {
    case "percent":
      return agreed(method, percentOf(amount, rule.basisPoints), statedFee);
    case "free":
      return agreed(method, zero(amount.currency), statedFee);
    case "range": {
      if (!statedFee) return refuse("ORDER_PAYMENT_FEE_REQUIRED", { method });
      const inRange =
        statedFee.currency === rule.min.currency && compare(statedFee, rule.min) >= 0 && compare(statedFee, rule.max) <= 0;
      if (!inRange) refuse("ORDER_PAYMENT_FEE_OUT_OF_RANGE", { method, fee: statedFee, min: rule.min, max: rule.max });
      return statedFee;
    }
  }
}

function agreed(method: PaymentMethod, computed: Money, statedFee: Money | undefined): Money {
  if (statedFee && !(statedFee.currency === computed.currency && equals(statedFee, computed))) {
    refuse("ORDER_PAYMENT_FEE_MISMATCH", { method, expected: computed, stated: statedFee });
  }
  return computed;
}

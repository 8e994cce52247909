/**
 * PO-07: the fee of a payment through the platform, by the rule its method has in the order's policy
 * profile (POL-01: `paymentFees`). Integer minor units only (PO-09).
 */
import type { PaymentFeeSchedule } from "../policy/policy.js";
import { refuse } from "../shared/errors.js";
import { compare, equals, percentOf, zero, type Money } from "../shared/money.js";
import type { PaymentMethod } from "./terms.js";

/**
 * The fee of a payment: computed for card and pay-later (a stated fee must agree), stated and
 * checked against the method's range for T/T and Western Union.
 */
export function paymentFee(fees: PaymentFeeSchedule, method: PaymentMethod, amount: Money, statedFee: Money | undefined): Money {
  const rule = fees[method];
  switch (rule.kind) {
    case "percent":
      return agreed(method, percentOf(amount, rule.basisPoints), statedFee);
    case "free":
      return agreed(method, zero(amount.currency), statedFee);
    case "range": {
      if (!statedFee) return refuse("ORDER_PAYMENT_FEE_REQUIRED", { method });
      const inRange = statedFee.currency === rule.min.currency && compare(statedFee, rule.min) >= 0 && compare(statedFee, rule.max) <= 0;
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

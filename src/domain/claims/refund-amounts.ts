/**
 * DT-04 / DT-05: what a refund may be. No refund or payout ever exceeds
 * min(protected amount, amount actually paid); what the buyer paid beyond the protected amount is
 * owed by the supplier directly, never by the platform.
 */
import { refuse } from "../shared/errors.js";
import { greaterThan, isPositive, max, min, subtract, zero, type Money } from "../shared/money.js";
import type { ClaimOrderSnapshot, Proposal } from "./claim-types.js";

/** DT-05: the most any refund or platform payout of the order's claim may be. */
export function refundCap(order: ClaimOrderSnapshot): Money {
  return min(order.protectedAmount, order.amountPaid);
}

export interface RefundAmount {
  readonly amount: Money;
  /** DT-05: the rest of what the buyer paid, owed by the supplier outside the assurance. */
  readonly unprotectedRemainder: Money;
}

/** DT-04: 100% of the protected payment; the unprotected remainder is recorded, not paid by the platform. */
export function fullRefund(order: ClaimOrderSnapshot): RefundAmount {
  const amount = refundCap(order);
  return { amount, unprotectedRemainder: max(subtract(order.amountPaid, amount), zero(amount.currency)) };
}

/** CL-08 / DT-04: a partial refund is positive and within the cap. */
export function partialRefund(amount: Money, order: ClaimOrderSnapshot): RefundAmount {
  const cap = refundCap(order);
  if (!isPositive(amount)) refuse("CLAIM_REFUND_NOT_POSITIVE", { amount });
  if (greaterThan(amount, cap)) refuse("CLAIM_REFUND_EXCEEDS_PROTECTED", { amount, cap });
  return { amount, unprotectedRemainder: zero(amount.currency) };
}

/** The refund a proposal means, if it means one (rework, replacement and reship do not). */
export function refundOfProposal(proposal: Proposal, order: ClaimOrderSnapshot): RefundAmount | undefined {
  switch (proposal.kind) {
    case "full-refund":
    case "return-and-refund":
      return fullRefund(order);
    case "partial-refund":
      return partialRefund(proposal.amount, order);
    default:
      return undefined;
  }
}

/** DT-05: the platform pays what the supplier owed, never more than the cap. */
export function platformPayoutAmount(refund: Money, order: ClaimOrderSnapshot): Money {
  return min(refund, refundCap(order));
}

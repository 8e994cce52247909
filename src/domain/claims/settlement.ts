/**
 * Starting the money side of a resolution (CL-08, DT-04, DT-06): a refund with its deadline, or first
 * a return of the goods at the supplier's cost with the refund following the confirmed return.
 */
import type { CommandContext, DomainEvent } from "../shared/events.js";
import { isPositive } from "../shared/money.js";
import { CLAIM_EVENT, claimEvent, type ClaimRefundDueData } from "./claim-events.js";
import type { ClaimState } from "./claim-state.js";
import type { RefundAmount } from "./refund-amounts.js";

/** CL-08 / DT-07: the supplier's refund starts its deadline; it goes back the way the buyer paid. */
export function refundDueEvent(claim: ClaimState, refund: RefundAmount, ctx: CommandContext): DomainEvent {
  const data: ClaimRefundDueData = {
    refund: { amount: refund.amount, unprotectedRemainder: refund.unprotectedRemainder, startedAt: ctx.now, method: claim.order.paymentMethod },
  };
  return claimEvent(CLAIM_EVENT.refundDue, claim.id, ctx, data);
}

/** DT-06: a required return comes first; otherwise the refund is due now. No refund: nothing starts. */
export function startRefund(claim: ClaimState, refund: RefundAmount, returnRequired: boolean, ctx: CommandContext): DomainEvent[] {
  if (!isPositive(refund.amount)) return [];
  if (returnRequired) return [claimEvent(CLAIM_EVENT.returnRequired, claim.id, ctx, {})];
  return [refundDueEvent(claim, refund, ctx)];
}

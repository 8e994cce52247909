/**
 * Paying the refund. CL-08: the supplier refunds by its deadline; DT-05: otherwise the platform pays
 * min(protected amount, amount paid) and records it as owed by the supplier (TA-05), and the supplier
 * still owes the buyer the rest. DT-07: refunds go back the way the buyer paid, with an expected
 * arrival in the buyer's working days.
 */
import { z } from "zod";
import { businessDaysDeadline } from "../../calendar/business-calendar.js";
import { evolveLedger, recordPayout } from "../../ledger/ledger.js";
import { policyFor } from "../../policy/policy.js";
import { parseCommand } from "../../shared/command-validation.js";
import { refuse } from "../../shared/errors.js";
import type { CommandContext, DomainEvent } from "../../shared/events.js";
import type { Money } from "../../shared/money.js";
import { CLAIM_EVENT, claimEvent, type ClaimRefundedData } from "../claim-events.js";
import { actingParty, assertClaimStatus } from "../claim-guards.js";
import { applyToClaim, type ClaimState } from "../claim-state.js";
import type { RefundDue, RefundPaid } from "../claim-types.js";
import { closeIfSettled, type ClaimSurroundings } from "../close-claim.js";
import { platformPayoutAmount } from "../refund-amounts.js";

/** DT-07: when the refund is expected on the buyer's account. */
export function expectedRefundArrival(claim: ClaimState, paidAt: string): RefundPaid["expectedArrival"] {
  const { min, max } = policyFor(claim.order.policy).refundArrivalWorkingDays;
  const calendar = claim.order.buyer.calendar;
  return { earliest: businessDaysDeadline(paidAt, min, calendar), latest: businessDaysDeadline(paidAt, max, calendar) };
}

function refundDueOf(claim: ClaimState): RefundDue {
  assertClaimStatus(claim, ["refund-due"], "refund");
  return claim.refundDue ?? refuse("CLAIM_NO_REFUND_DUE", { claimId: claim.id });
}

function refundedEvent(claim: ClaimState, by: RefundPaid["by"], amount: Money, reference: string, ctx: CommandContext): DomainEvent {
  const due = refundDueOf(claim);
  const payment: RefundPaid = {
    by,
    amount,
    method: due.method,
    reference,
    expectedArrival: expectedRefundArrival(claim, ctx.now),
    supplierStillOwesBuyer: due.unprotectedRemainder,
    at: ctx.now,
  };
  const data: ClaimRefundedData = { payment };
  return claimEvent(CLAIM_EVENT.refunded, claim.id, ctx, data);
}

export const recordSupplierRefundCommandSchema = z.object({ reference: z.string().trim().min(1).max(200) });
export type RecordSupplierRefundCommand = z.infer<typeof recordSupplierRefundCommandSchema>;

/** CL-08: the supplier (or staff, confirming the payment provider's record) records the refund paid. */
export function recordSupplierRefund(
  claim: ClaimState,
  surroundings: ClaimSurroundings,
  command: RecordSupplierRefundCommand,
  ctx: CommandContext,
): DomainEvent[] {
  const { reference } = parseCommand(recordSupplierRefundCommandSchema, command);
  if (ctx.actor.kind !== "staff" && actingParty(claim, ctx) !== "supplier") refuse("CLAIM_REFUND_BY_SUPPLIER_OR_STAFF", { claimId: claim.id });
  const due = refundDueOf(claim);
  const refunded = refundedEvent(claim, "supplier", due.amount, reference, ctx);
  return [refunded, ...closeIfSettled(applyToClaim(claim, [refunded]), surroundings, ctx)];
}

/** DT-05: the default outcome of the supplier's refund deadline. */
export function payOutOnSupplierBehalf(claim: ClaimState, { order, ledger }: ClaimSurroundings, ctx: CommandContext): DomainEvent[] {
  const due = refundDueOf(claim);
  const amount = platformPayoutAmount(due.amount, claim.order);
  const ledgerEvents = recordPayout(ledger, { orderId: claim.order.orderId, claimId: claim.id, amount }, ctx); // TA-05
  const refunded = refundedEvent(claim, "platform", amount, `payout:${claim.id}`, ctx);
  const ledgerAfter = ledgerEvents.reduce(evolveLedger, ledger);
  return [...ledgerEvents, refunded, ...closeIfSettled(applyToClaim(claim, [refunded]), { order, ledger: ledgerAfter }, ctx)];
}

/**
 * Closing a claim: the claim stream, the order stream (`OrderClaimClosed`) and the supplier's ledger
 * (TA-04: the claim hold ends). ORD-04: the order then completes if it is done (received, no open
 * claim, claim window closed), which releases its frozen amount.
 */
import { endClaimHold, evolveLedger, type LedgerState } from "../ledger/ledger.js";
import { ORDER_EVENT, orderStream, type OrderClaimData } from "../orders/order-events.js";
import type { OrderState } from "../orders/order-state.js";
import { withCompletion } from "../orders/use-cases/complete-if-done.js";
import { event, type CommandContext, type DomainEvent } from "../shared/events.js";
import { CLAIM_EVENT, claimEvent, type ClaimClosedData } from "./claim-events.js";
import type { ClaimState } from "./claim-state.js";
import type { CloseReason } from "./claim-types.js";

/** The order (as loaded) and the supplier's ledger a claim's closing touches. */
export interface ClaimSurroundings {
  readonly order: OrderState;
  readonly ledger: LedgerState;
}

export function closeClaim(claim: ClaimState, { order, ledger }: ClaimSurroundings, reason: CloseReason, ctx: CommandContext): DomainEvent[] {
  const closed: ClaimClosedData = { reason };
  const orderData: OrderClaimData = { claimId: claim.id };
  const holdEnded = endClaimHold(ledger, { orderId: claim.order.orderId, claimId: claim.id }, ctx);
  const ledgerAfter = holdEnded.reduce(evolveLedger, ledger);
  return [
    claimEvent(CLAIM_EVENT.closed, claim.id, ctx, closed),
    ...holdEnded,
    ...withCompletion(order, [event(ORDER_EVENT.claimClosed, orderStream(claim.order.orderId), ctx, orderData)], ledgerAfter, ctx),
  ];
}

/**
 * A settled claim closes once nothing is pending: no money is due, and a decision is final (its appeal
 * window closed, or its appeal decided — DT-08). An agreement without a decision closes at once.
 */
export function closeIfSettled(claim: ClaimState, surroundings: ClaimSurroundings, ctx: CommandContext): DomainEvent[] {
  if (claim.status !== "settled") return [];
  if (claim.appeal && !claim.appeal.decision) return [];
  if (claim.decision && !claim.appealWindowClosed && !claim.appeal) return [];
  return closeClaim(claim, surroundings, "settled", ctx);
}

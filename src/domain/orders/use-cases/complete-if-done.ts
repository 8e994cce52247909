/**
 * ORD-04 / TA-04: a received order with no open claim whose claim window has closed completes, and
 * its frozen amount is released. Called after receipt, after the claim window closes, and by the
 * claims module after a claim closes; returns no events when the order is not done yet.
 */
import { releaseForOrder, type LedgerState } from "../../ledger/ledger.js";
import { event, type CommandContext, type DomainEvent } from "../../shared/events.js";
import { evolveOrder } from "../evolve-order.js";
import { ORDER_EVENT, orderStream } from "../order-events.js";
import type { OrderState } from "../order-state.js";
import { pendingAmendment } from "../order-versions.js";

export function isDone(order: OrderState): boolean {
  // PO-05: a reship version still waiting for the parties' confirmations keeps the order (and its
  // frozen amount) open: once confirmed, the goods ship again under the same protection.
  const reshipPending = pendingAmendment(order)?.reshipOfClaim !== undefined;
  return order.status === "received" && order.openClaimId === undefined && order.claimWindowClosed && !reshipPending;
}

export function completeIfDone(order: OrderState, ledger: LedgerState, ctx: CommandContext): DomainEvent[] {
  if (!isDone(order)) return [];
  return [event(ORDER_EVENT.completed, orderStream(order.id), ctx, {}), ...releaseForOrder(ledger, { orderId: order.id, reason: "completed" }, ctx)];
}

/** `events` followed by the completion they may bring about. */
export function withCompletion(order: OrderState, events: readonly DomainEvent[], ledger: LedgerState, ctx: CommandContext): DomainEvent[] {
  const after = events.reduce((state, e) => (e.stream.type === "order" ? evolveOrder(state, e) : state), order);
  return [...events, ...completeIfDone(after, ledger, ctx)];
}

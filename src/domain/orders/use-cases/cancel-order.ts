/**
 * ORD-01 / TA-04: either party cancels an order from any state before shipping; once confirmed, the
 * protected amount frozen for it is released. Refused while a claim on the order is open.
 */
import { z } from "zod";
import { releaseForOrder, type LedgerState } from "../../ledger/ledger.js";
import { idSchema, reasonSchema, parseCommand } from "../../shared/command-validation.js";
import { event, type CommandContext, type DomainEvent } from "../../shared/events.js";
import { AMENDABLE_STATUSES, CANCELLABLE_STATUSES, assertNoOpenClaim, authorize, assertSameOrder } from "../order-guards.js";
import { ORDER_EVENT, orderStream } from "../order-events.js";
import type { OrderState } from "../order-state.js";

export const cancelOrderCommand = z.object({
  orderId: idSchema,
  reason: reasonSchema,
});
export type CancelOrderCommand = z.input<typeof cancelOrderCommand>;

export interface CancelOrderInput {
  readonly order: OrderState;
  /** The supplier's ledger (an empty one when the supplier has none: nothing is frozen before confirmation). */
  readonly ledger: LedgerState;
}

export function cancelOrder(input: CancelOrderInput, command: CancelOrderCommand, ctx: CommandContext): DomainEvent[] {
  const cmd = parseCommand(cancelOrderCommand, command);
  const { order, ledger } = input;
  assertSameOrder(order, cmd.orderId);
  authorize(order, ctx, "cancel", CANCELLABLE_STATUSES, ["buyer", "supplier"]);
  assertNoOpenClaim(order, "cancel");
  const wasConfirmed = AMENDABLE_STATUSES.includes(order.status);
  return [
    event(ORDER_EVENT.cancelled, orderStream(order.id), ctx, { reason: cmd.reason }),
    ...(wasConfirmed ? releaseForOrder(ledger, { orderId: order.id, reason: "cancelled" }, ctx) : []),
  ];
}

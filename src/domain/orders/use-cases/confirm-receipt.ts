/** ORD-04: the buyer confirms receipt ("shipped" → "received"); completion follows if the claim window is already closed. */
import { z } from "zod";
import type { LedgerState } from "../../ledger/ledger.js";
import { idSchema, parseCommand } from "../../shared/command-validation.js";
import { event, type CommandContext, type DomainEvent } from "../../shared/events.js";
import { authorize, assertSameOrder } from "../order-guards.js";
import { ORDER_EVENT, orderStream } from "../order-events.js";
import type { OrderState } from "../order-state.js";
import { withCompletion } from "./complete-if-done.js";

export const confirmReceiptCommand = z.object({ orderId: idSchema });
export type ConfirmReceiptCommand = z.input<typeof confirmReceiptCommand>;

export interface ConfirmReceiptInput {
  readonly order: OrderState;
  readonly ledger: LedgerState;
}

export function confirmReceipt(input: ConfirmReceiptInput, command: ConfirmReceiptCommand, ctx: CommandContext): DomainEvent[] {
  const cmd = parseCommand(confirmReceiptCommand, command);
  const { order, ledger } = input;
  assertSameOrder(order, cmd.orderId);
  authorize(order, ctx, "confirm-receipt", ["shipped"], ["buyer"]);
  return withCompletion(order, [event(ORDER_EVENT.receiptConfirmed, orderStream(order.id), ctx, {})], ledger, ctx);
}

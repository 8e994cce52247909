/** CL-06: the import customs clearance date, reported by the buyer (or a customs data feed). */
import { z } from "zod";
import { idSchema, parseCommand } from "../../shared/command-validation.js";
import { refuse } from "../../shared/errors.js";
import { event, type CommandContext, type DomainEvent } from "../../shared/events.js";
import { localDateOf } from "../../shared/time.js";
import { authorize, assertSameOrder } from "../order-guards.js";
import { ORDER_EVENT, orderStream } from "../order-events.js";
import type { OrderState } from "../order-state.js";
import { localDateSchema } from "../terms.js";
import { assertNotInFuture } from "./record-shipment.js";

export const recordCustomsClearanceCommand = z.object({
  orderId: idSchema,
  clearedOn: localDateSchema,
});
export type RecordCustomsClearanceCommand = z.input<typeof recordCustomsClearanceCommand>;

export function recordCustomsClearance(order: OrderState, command: RecordCustomsClearanceCommand, ctx: CommandContext): DomainEvent[] {
  const cmd = parseCommand(recordCustomsClearanceCommand, command);
  assertSameOrder(order, cmd.orderId);
  authorize(order, ctx, "record-customs-clearance", ["shipped", "received"], ["buyer", "system"]);
  if (order.customsClearedOn !== undefined) refuse("ORDER_CUSTOMS_ALREADY_RECORDED", { clearedOn: order.customsClearedOn });
  const shippedOn = order.shipment?.shippedOn;
  if (shippedOn !== undefined && cmd.clearedOn < shippedOn) refuse("ORDER_CUSTOMS_BEFORE_SHIPMENT", { clearedOn: cmd.clearedOn, shippedOn });
  assertNotInFuture(cmd.clearedOn, localDateOf(ctx.now, order.buyer.calendar.timeZone));
  return [event(ORDER_EVENT.customsCleared, orderStream(order.id), ctx, { clearedOn: cmd.clearedOn })];
}

/** PO-01: the buyer requests an order from a supplier; the terms may be partial (status "draft"). */
import { z } from "zod";
import { assertBuyerCovered } from "../../parties/party-commands.js";
import { snapshotOf, type PartyState } from "../../parties/party.js";
import { idSchema, reasonSchema, parseCommand } from "../../shared/command-validation.js";
import { refuse } from "../../shared/errors.js";
import { event, type CommandContext, type DomainEvent } from "../../shared/events.js";
import { ORDER_EVENT, orderStream } from "../order-events.js";
import type { OrderState } from "../order-state.js";
import { newVersion } from "../order-versions.js";
import { partialOrderTermsSchema } from "../terms.js";

export const requestOrderCommand = z.object({
  orderId: idSchema,
  supplierId: idSchema,
  terms: partialOrderTermsSchema,
  note: reasonSchema.optional(),
});
export type RequestOrderCommand = z.input<typeof requestOrderCommand>;

export interface RequestOrderInput {
  /** The order with this id if one exists already (then refused). */
  readonly existing: OrderState | undefined;
  readonly buyer: PartyState;
  readonly supplier: PartyState;
}

export function requestOrder(input: RequestOrderInput, command: RequestOrderCommand, ctx: CommandContext): DomainEvent[] {
  const cmd = parseCommand(requestOrderCommand, command);
  const { buyer, supplier } = input;
  if (input.existing) refuse("ORDER_ALREADY_EXISTS", { orderId: cmd.orderId });
  if (ctx.actor.kind !== "buyer" || ctx.actor.partyId !== buyer.id || buyer.role !== "buyer") {
    refuse("ORDER_NOT_A_PARTY", { orderId: cmd.orderId, partyId: ctx.actor.partyId ?? "", kind: ctx.actor.kind });
  }
  if (supplier.id !== cmd.supplierId || supplier.role !== "supplier") refuse("ORDER_NOT_A_SUPPLIER", { partyId: cmd.supplierId });
  assertBuyerCovered(buyer); // FR-02
  const version = newVersion(undefined, {}, cmd.terms, "buyer", ctx, cmd.note); // PO-06 inside
  return [
    event(ORDER_EVENT.requested, orderStream(cmd.orderId), ctx, {
      orderId: cmd.orderId,
      buyer: snapshotOf(buyer),
      supplier: snapshotOf(supplier),
      version,
    }),
  ];
}

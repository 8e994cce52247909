/** PO-01: the buyer confirms the supplier's complete draft ("awaiting-buyer" → "awaiting-supplier"). */
import { z } from "zod";
import { assertBuyerCovered } from "../../parties/party-commands.js";
import type { PartyState } from "../../parties/party.js";
import { idSchema, parseCommand } from "../../shared/command-validation.js";
import { event, type CommandContext, type DomainEvent } from "../../shared/events.js";
import { assertPartyStateOf, authorize, assertSameOrder } from "../order-guards.js";
import { ORDER_EVENT, orderStream } from "../order-events.js";
import type { OrderState } from "../order-state.js";
import { assertVersionIs, latestVersion } from "../order-versions.js";
import { confirmableTerms } from "../validate-terms.js";

export const confirmAsBuyerCommand = z.object({
  orderId: idSchema,
  /** The version the buyer saw (and got the confirmation advice for). */
  version: z.number().int().positive(),
});
export type ConfirmAsBuyerCommand = z.input<typeof confirmAsBuyerCommand>;

export interface ConfirmAsBuyerInput {
  readonly order: OrderState;
  readonly buyer: PartyState;
}

export function confirmAsBuyer(input: ConfirmAsBuyerInput, command: ConfirmAsBuyerCommand, ctx: CommandContext): DomainEvent[] {
  const cmd = parseCommand(confirmAsBuyerCommand, command);
  const { order, buyer } = input;
  assertSameOrder(order, cmd.orderId);
  authorize(order, ctx, "confirm-as-buyer", ["awaiting-buyer"], ["buyer"]);
  const version = latestVersion(order);
  assertVersionIs(version, cmd.version);
  assertPartyStateOf(order, buyer, "buyer");
  assertBuyerCovered(buyer); // FR-02: a suspended buyer cannot open assured orders
  confirmableTerms(version.terms); // PO-02
  return [event(ORDER_EVENT.confirmedByBuyer, orderStream(order.id), ctx, { version: version.number })];
}

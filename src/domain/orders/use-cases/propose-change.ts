/**
 * PO-01: before both have confirmed, either party may propose changes ("request supplier to modify
 * order"); each proposal is a new version. A complete proposal by the supplier goes to the buyer;
 * a proposal by the buyer goes back to the supplier. After confirmation a change is an amendment (PO-05).
 */
import type { z } from "zod";
import { parseCommand } from "../../shared/command-validation.js";
import { event, type CommandContext, type DomainEvent } from "../../shared/events.js";
import { AMENDABLE_STATUSES, NEGOTIATION_STATUSES, authorize, assertSameOrder } from "../order-guards.js";
import { ORDER_EVENT, orderStream } from "../order-events.js";
import type { OrderState } from "../order-state.js";
import { latestVersion, newVersion } from "../order-versions.js";
import { isComplete } from "../validate-terms.js";
import { draftTermsCommand } from "./draft-terms.js";
import { proposeAmendment } from "./propose-amendment.js";

/** The same command as drafting: changes to the latest version's terms, absent terms kept. */
export const proposeChangeCommand = draftTermsCommand;
export type ProposeChangeCommand = z.input<typeof proposeChangeCommand>;

export function proposeChange(order: OrderState, command: ProposeChangeCommand, ctx: CommandContext): DomainEvent[] {
  const cmd = parseCommand(proposeChangeCommand, command);
  assertSameOrder(order, cmd.orderId);
  if (AMENDABLE_STATUSES.includes(order.status)) return proposeAmendment(order, cmd, ctx);
  const by = authorize(order, ctx, "propose-change", NEGOTIATION_STATUSES, ["buyer", "supplier"]);
  const version = newVersion(order, latestVersion(order).terms, cmd.terms, by, ctx, cmd.note);
  return [event(ORDER_EVENT.changeProposed, orderStream(order.id), ctx, { version, complete: isComplete(version.terms) })];
}

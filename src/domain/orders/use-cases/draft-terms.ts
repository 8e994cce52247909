/** PO-01: the supplier drafts the terms; a complete draft (PO-02) goes to the buyer ("awaiting-buyer"). */
import { z } from "zod";
import { idSchema, reasonSchema, parseCommand } from "../../shared/command-validation.js";
import { event, type CommandContext, type DomainEvent } from "../../shared/events.js";
import { authorize, assertSameOrder } from "../order-guards.js";
import { ORDER_EVENT, orderStream } from "../order-events.js";
import type { OrderState } from "../order-state.js";
import { latestVersion, newVersion } from "../order-versions.js";
import { partialOrderTermsSchema } from "../terms.js";
import { isComplete } from "../validate-terms.js";

/** `terms` are the changes to the latest version's terms; absent terms are kept. */
export const draftTermsCommand = z.object({
  orderId: idSchema,
  terms: partialOrderTermsSchema,
  note: reasonSchema.optional(),
});
export type DraftTermsCommand = z.input<typeof draftTermsCommand>;

export function draftTerms(order: OrderState, command: DraftTermsCommand, ctx: CommandContext): DomainEvent[] {
  const cmd = parseCommand(draftTermsCommand, command);
  assertSameOrder(order, cmd.orderId);
  authorize(order, ctx, "draft-terms", ["draft"], ["supplier"]);
  const version = newVersion(order, latestVersion(order).terms, cmd.terms, "supplier", ctx, cmd.note);
  return [event(ORDER_EVENT.termsDrafted, orderStream(order.id), ctx, { version, complete: isComplete(version.terms) })];
}

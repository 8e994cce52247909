/**
 * PO-05: the counterparty of an amendment confirms it — it becomes the confirmed version, immutable
 * and content-hashed — or declines it, and the previously confirmed version stays in force.
 */
import { z } from "zod";
import { idSchema, parseCommand } from "../../shared/command-validation.js";
import { refuse } from "../../shared/errors.js";
import { event, type CommandContext, type DomainEvent } from "../../shared/events.js";
import { AMENDABLE_STATUSES, assertNoOpenClaim, authorize, assertSameOrder, type OrderAction } from "../order-guards.js";
import { ORDER_EVENT, orderStream } from "../order-events.js";
import type { OrderState, OrderVersion } from "../order-state.js";
import { assertVersionIs, pendingAmendment, termsContentHash } from "../order-versions.js";
import { confirmableTerms } from "../validate-terms.js";

export const answerAmendmentCommand = z.object({
  orderId: idSchema,
  /** The amendment version the party saw. */
  version: z.number().int().positive(),
});
export type AnswerAmendmentCommand = z.input<typeof answerAmendmentCommand>;

export function confirmAmendment(order: OrderState, command: AnswerAmendmentCommand, ctx: CommandContext): DomainEvent[] {
  const amendment = amendmentToAnswer(order, command, ctx, "confirm-amendment");
  assertNoOpenClaim(order, "confirm-amendment");
  const terms = confirmableTerms(amendment.terms);
  return [
    event(ORDER_EVENT.amendmentConfirmed, orderStream(order.id), ctx, {
      version: amendment.number,
      terms,
      contentHash: termsContentHash(terms),
    }),
  ];
}

export function declineAmendment(order: OrderState, command: AnswerAmendmentCommand, ctx: CommandContext): DomainEvent[] {
  const amendment = amendmentToAnswer(order, command, ctx, "decline-amendment");
  return [event(ORDER_EVENT.amendmentDeclined, orderStream(order.id), ctx, { version: amendment.number })];
}

/** The pending amendment, answered by the party who did not propose it. */
function amendmentToAnswer(order: OrderState, command: AnswerAmendmentCommand, ctx: CommandContext, action: OrderAction): OrderVersion {
  const cmd = parseCommand(answerAmendmentCommand, command);
  assertSameOrder(order, cmd.orderId);
  const role = authorize(order, ctx, action, AMENDABLE_STATUSES, ["buyer", "supplier"]);
  const amendment = pendingAmendment(order) ?? refuse("ORDER_NO_PENDING_AMENDMENT", { orderId: order.id });
  assertVersionIs(amendment, cmd.version);
  if (amendment.proposedBy === role) refuse("ORDER_WRONG_PARTY", { action, expected: [role === "buyer" ? "supplier" : "buyer"] });
  return amendment;
}

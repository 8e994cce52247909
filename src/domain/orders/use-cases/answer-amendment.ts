/**
 * PO-05: the counterparty of an amendment confirms it — it becomes the confirmed version, immutable
 * and content-hashed — or declines it, and the previously confirmed version stays in force. A version
 * no party confirmed yet (a reship agreed on a claim) needs both: the first confirmation is recorded,
 * the second makes it the confirmed version.
 */
import { z } from "zod";
import { idSchema, parseCommand } from "../../shared/command-validation.js";
import { refuse } from "../../shared/errors.js";
import { event, type CommandContext, type DomainEvent } from "../../shared/events.js";
import { AMENDABLE_STATUSES, RESHIP_AMENDABLE_STATUSES, assertNoOpenClaim, authorize, assertSameOrder, type OrderAction } from "../order-guards.js";
import { ORDER_EVENT, orderStream, type OrderAmendmentConfirmedByPartyData } from "../order-events.js";
import type { NegotiatingParty, OrderState, OrderVersion } from "../order-state.js";
import { assertVersionIs, pendingAmendment, termsContentHash } from "../order-versions.js";
import { confirmableTerms } from "../validate-terms.js";

export const answerAmendmentCommand = z.object({
  orderId: idSchema,
  /** The amendment version the party saw. */
  version: z.number().int().positive(),
});
export type AnswerAmendmentCommand = z.input<typeof answerAmendmentCommand>;

export function confirmAmendment(order: OrderState, command: AnswerAmendmentCommand, ctx: CommandContext): DomainEvent[] {
  const { amendment, role } = amendmentToAnswer(order, command, ctx, "confirm-amendment");
  assertNoOpenClaim(order, "confirm-amendment");
  const terms = confirmableTerms(amendment.terms);
  const otherConfirmed = role === "buyer" ? amendment.supplierConfirmedAt : amendment.buyerConfirmedAt;
  if (otherConfirmed === undefined) {
    const data: OrderAmendmentConfirmedByPartyData = { version: amendment.number, by: role };
    return [event(ORDER_EVENT.amendmentConfirmedByParty, orderStream(order.id), ctx, data)];
  }
  return [
    event(ORDER_EVENT.amendmentConfirmed, orderStream(order.id), ctx, {
      version: amendment.number,
      terms,
      contentHash: termsContentHash(terms),
    }),
  ];
}

export function declineAmendment(order: OrderState, command: AnswerAmendmentCommand, ctx: CommandContext): DomainEvent[] {
  const { amendment } = amendmentToAnswer(order, command, ctx, "decline-amendment");
  return [event(ORDER_EVENT.amendmentDeclined, orderStream(order.id), ctx, { version: amendment.number })];
}

/** The pending amendment, answered by a party who has not confirmed it (the proposer's confirmation counts at proposal). */
function amendmentToAnswer(
  order: OrderState,
  command: AnswerAmendmentCommand,
  ctx: CommandContext,
  action: OrderAction,
): { amendment: OrderVersion; role: NegotiatingParty } {
  const cmd = parseCommand(answerAmendmentCommand, command);
  assertSameOrder(order, cmd.orderId);
  const pending = pendingAmendment(order);
  // PO-05: a reship version may be answered after shipping too; any other amendment only before.
  const from = pending?.reshipOfClaim !== undefined ? RESHIP_AMENDABLE_STATUSES : AMENDABLE_STATUSES;
  const role = authorize(order, ctx, action, from, ["buyer", "supplier"]);
  const amendment = pending ?? refuse("ORDER_NO_PENDING_AMENDMENT", { orderId: order.id });
  assertVersionIs(amendment, cmd.version);
  const alreadyConfirmed = role === "buyer" ? amendment.buyerConfirmedAt : amendment.supplierConfirmedAt;
  if (alreadyConfirmed !== undefined) refuse("ORDER_WRONG_PARTY", { action, expected: [role === "buyer" ? "supplier" : "buyer"] });
  return { amendment, role };
}

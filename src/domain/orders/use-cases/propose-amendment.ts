/**
 * PO-05: a change after confirmation (e.g. a new shipping date) is a new version both must confirm.
 * Proposing counts as the proposer's confirmation; the counterparty confirms or declines it
 * (answer-amendment.ts). Until then the confirmed version and terms stay the previous ones.
 * The protected amount cannot change after confirmation: the ledger froze exactly that sum (TA-03).
 */
import { canonicalJson } from "../../shared/canonical-json.js";
import { refuse } from "../../shared/errors.js";
import { event, type CommandContext, type DomainEvent } from "../../shared/events.js";
import { equals } from "../../shared/money.js";
import { AMENDABLE_STATUSES, assertNoOpenClaim, authorize, assertSameOrder } from "../order-guards.js";
import { ORDER_EVENT, orderStream } from "../order-events.js";
import type { OrderState, OrderVersion } from "../order-state.js";
import { confirmedTermsOf, newVersion, pendingAmendment } from "../order-versions.js";
import type { PartialOrderTerms } from "../terms.js";
import { confirmableTerms } from "../validate-terms.js";

export interface AmendmentCommand {
  readonly orderId: string;
  readonly terms: PartialOrderTerms;
  readonly note?: string | undefined;
}

export function proposeAmendment(order: OrderState, cmd: AmendmentCommand, ctx: CommandContext): DomainEvent[] {
  assertSameOrder(order, cmd.orderId);
  const by = authorize(order, ctx, "propose-change", AMENDABLE_STATUSES, ["buyer", "supplier"]);
  assertNoOpenClaim(order, "propose-change");
  const confirmed = confirmedTermsOf(order, "propose-change");
  const base = pendingAmendment(order)?.terms ?? confirmed;
  const proposed = newVersion(order, base, cmd.terms, by, ctx, cmd.note);
  const terms = confirmableTerms(proposed.terms);
  const sameProtected = terms.protectedAmount.currency === confirmed.protectedAmount.currency && equals(terms.protectedAmount, confirmed.protectedAmount);
  if (!sameProtected) {
    refuse("ORDER_PROTECTED_AMOUNT_FIXED", { confirmed: confirmed.protectedAmount, proposed: terms.protectedAmount });
  }
  if (canonicalJson(terms) === canonicalJson(confirmed)) refuse("ORDER_AMENDMENT_WITHOUT_CHANGE", { orderId: order.id });
  const version: OrderVersion = {
    ...proposed,
    terms,
    ...(by === "buyer" ? { buyerConfirmedAt: ctx.now } : { supplierConfirmedAt: ctx.now }),
  };
  return [event(ORDER_EVENT.amendmentProposed, orderStream(order.id), ctx, { version })];
}

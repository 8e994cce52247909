/**
 * CL-08 / PO-05: a reship agreed on a claim becomes a new order version — the confirmed terms with the
 * new shipping date — that both parties confirm (answer-amendment.ts). Once confirmed, the new date is
 * the agreed date: a shipment is checked against it (ORD-03) and a late-shipment claim opens the day
 * after it (CL-04), so the reship carries its own late-shipment protection while the frozen amount
 * stays set aside (TA-04).
 */
import { event, type CommandContext, type DomainEvent } from "../../shared/events.js";
import type { LocalDate } from "../../shared/time.js";
import { RESHIP_AMENDABLE_STATUSES } from "../order-guards.js";
import { ORDER_EVENT, orderStream, type OrderAmendmentProposedData } from "../order-events.js";
import type { NegotiatingParty, OrderState, OrderVersion } from "../order-state.js";
import { latestVersion } from "../order-versions.js";

export interface ReshipVersionCommand {
  readonly claimId: string;
  readonly newShippingDate: LocalDate;
  /** The party whose proposal was accepted. */
  readonly proposedBy: NegotiatingParty;
}

/**
 * The reship version, or nothing when the order has no confirmed terms or is finished (completed,
 * cancelled). On an order that already shipped or arrived, confirming the version sends it back to
 * "reshipping" (evolve-order.ts): a new shipment by the new date.
 */
export function reshipVersion(order: OrderState, cmd: ReshipVersionCommand, ctx: CommandContext): DomainEvent[] {
  const confirmed = order.confirmedTerms;
  if (!confirmed || !RESHIP_AMENDABLE_STATUSES.includes(order.status)) return [];
  const version: OrderVersion = {
    number: latestVersion(order).number + 1,
    terms: { ...confirmed, shippingDate: cmd.newShippingDate },
    proposedBy: cmd.proposedBy,
    proposedAt: ctx.now,
    reshipOfClaim: cmd.claimId,
  };
  const data: OrderAmendmentProposedData = { version };
  return [event(ORDER_EVENT.amendmentProposed, orderStream(order.id), ctx, data)];
}

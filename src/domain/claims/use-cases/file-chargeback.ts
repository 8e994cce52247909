/**
 * CL-12: a buyer uses one resolution method. A chargeback filed with the payment provider for the
 * order immediately closes its open claim (and the claim hold ends, TA-04); no new claim is accepted
 * while it is in progress (CL-02). FR-01: a chargeback after the buyer was refunded for the order
 * raises a fraud flag on the buyer (`chargebackAfterRefundFlag`).
 */
import { z } from "zod";
import type { LedgerState } from "../../ledger/ledger.js";
import { detectChargebackAfterRefund, type RefundReceived } from "../../parties/fraud-signals.js";
import type { FraudFlag } from "../../parties/party.js";
import { evolveOrder } from "../../orders/evolve-order.js";
import { ORDER_EVENT, orderStream } from "../../orders/order-events.js";
import type { OrderState } from "../../orders/order-state.js";
import { parseCommand } from "../../shared/command-validation.js";
import { refuse } from "../../shared/errors.js";
import { event, type CommandContext, type DomainEvent } from "../../shared/events.js";
import type { ClaimState } from "../claim-state.js";
import { closeClaim } from "../close-claim.js";

export const fileChargebackCommandSchema = z.object({ reference: z.string().trim().min(1).max(200) });
export type FileChargebackCommand = z.infer<typeof fileChargebackCommandSchema>;

/**
 * Recorded by staff or by the system (the payment provider's notification), or reported by the buyer.
 * `openClaim` is the order's open claim, if it has one.
 */
export function fileChargeback(
  order: OrderState,
  openClaim: ClaimState | undefined,
  ledger: LedgerState,
  command: FileChargebackCommand,
  ctx: CommandContext,
): DomainEvent[] {
  const { reference } = parseCommand(fileChargebackCommandSchema, command);
  const { kind, partyId } = ctx.actor;
  if (kind !== "staff" && kind !== "system" && !(kind === "buyer" && partyId === order.buyer.id)) {
    refuse("CHARGEBACK_NOT_ALLOWED", { orderId: order.id });
  }
  if (order.chargebackFiledAt) refuse("CHARGEBACK_ALREADY_FILED", { orderId: order.id, filedAt: order.chargebackFiledAt });
  if (order.openClaimId !== undefined && openClaim?.id !== order.openClaimId) {
    refuse("CHARGEBACK_OPEN_CLAIM_REQUIRED", { orderId: order.id, claimId: order.openClaimId });
  }
  const filed = event(ORDER_EVENT.chargebackFiled, orderStream(order.id), ctx, { reference });
  return openClaim && openClaim.status !== "closed"
    ? [filed, ...closeClaim(openClaim, { order: evolveOrder(order, filed), ledger }, "chargeback", ctx)]
    : [filed];
}

/** FR-01: the refunds the buyer received for the order — by the supplier or by a platform payout (DT-05). */
export function refundsReceived(claims: readonly ClaimState[]): RefundReceived[] {
  return claims.flatMap((c) =>
    c.refundPaid ? [{ kind: c.refundPaid.by === "supplier" ? "supplier-refund" : "platform-payout", at: c.refundPaid.at } as const] : [],
  );
}

/**
 * FR-01 / CL-12: the flag a chargeback raises on the buyer when it comes after a refund or payout on the
 * same order, or undefined. `claims` are the order's claims (every one of `order.claimIds` the caller has).
 */
export function chargebackAfterRefundFlag(order: OrderState, claims: readonly ClaimState[], ctx: CommandContext): FraudFlag | undefined {
  const ofOrder = claims.filter((c) => c.order.orderId === order.id);
  return detectChargebackAfterRefund({ buyerId: order.buyer.id, orderId: order.id, refunds: refundsReceived(ofOrder), chargebackFiledAt: ctx.now }, ctx.now);
}

/**
 * CL-12: a buyer uses one resolution method. A chargeback filed with the payment provider for the
 * order immediately closes its open claim (and the claim hold ends, TA-04); no new claim is accepted
 * while it is in progress (CL-02).
 */
import { z } from "zod";
import type { LedgerState } from "../../ledger/ledger.js";
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
  return openClaim && openClaim.status !== "closed" ? [filed, ...closeClaim(openClaim, { order: evolveOrder(order, filed), ledger }, "chargeback", ctx)] : [filed];
}

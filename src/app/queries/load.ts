/** Loading an order or a claim for a reader, refusing unknown ids and readers outside the case. */
import type { ClaimState } from "../../domain/claims/claim-state.js";
import { claimStream } from "../../domain/claims/claim-events.js";
import { orderStream } from "../../domain/orders/order-events.js";
import type { OrderState } from "../../domain/orders/order-state.js";
import { refuse } from "../../domain/shared/errors.js";
import type { Database } from "../../adapters/db/database.js";
import type { Actor } from "../actor.js";
import type { ChargebackRef, ClaimRef, OrderRef } from "../commands/refs.js";
import { readState } from "../read-state.js";

function isInCase(actor: Actor, parties: { buyerId: string; supplierId: string }): boolean {
  return actor.kind === "staff" || actor.partyId === parties.buyerId || actor.partyId === parties.supplierId;
}

export async function loadOrder(db: Database, actor: Actor, orderId: string): Promise<OrderState> {
  const order = (await readState<OrderState>(db, orderStream(orderId))) ?? refuse("ORDER_NOT_FOUND", { orderId });
  if (!isInCase(actor, { buyerId: order.buyer.id, supplierId: order.supplier.id })) {
    refuse("ORDER_NOT_A_PARTY", { orderId, partyId: actor.partyId, kind: actor.kind });
  }
  return order;
}

export async function loadClaim(db: Database, actor: Actor, claimId: string): Promise<ClaimState> {
  const claim = (await readState<ClaimState>(db, claimStream(claimId))) ?? refuse("CLAIM_NOT_FOUND", { claimId });
  if (!isInCase(actor, { buyerId: claim.order.buyer.id, supplierId: claim.order.supplier.id })) refuse("CLAIM_NOT_A_PARTY", { claimId });
  return claim;
}

export function orderRefOf(order: OrderState): OrderRef {
  return { orderId: order.id, buyerId: order.buyer.id, supplierId: order.supplier.id };
}

export function claimRefOf(claim: ClaimState): ClaimRef {
  return { claimId: claim.id, orderId: claim.order.orderId, buyerId: claim.order.buyer.id, supplierId: claim.order.supplier.id };
}

/** CL-12: the order with its open claim (closed by the chargeback) and every claim it has had (FR-01). */
export function chargebackRefOf(order: OrderState): ChargebackRef {
  return { ...orderRefOf(order), claimIds: order.claimIds, ...(order.openClaimId ? { openClaimId: order.openClaimId } : {}) };
}

/**
 * ORD-01: who may act on an order and in which state. Only the order's own buyer and supplier act
 * on it ("ORDER_NOT_A_PARTY"); an action outside its states is "ORDER_ILLEGAL_TRANSITION".
 */
import { refuse } from "../shared/errors.js";
import type { CommandContext } from "../shared/events.js";
import type { NegotiatingParty, OrderState, OrderStatus } from "./order-state.js";

/** Use-case names, as carried in ORDER_ILLEGAL_TRANSITION { from, action } and ORDER_WRONG_PARTY. */
export type OrderAction =
  | "request"
  | "draft-terms"
  | "propose-change"
  | "confirm-as-buyer"
  | "confirm-as-supplier"
  | "confirm-amendment"
  | "decline-amendment"
  | "record-deposit"
  | "record-shipment"
  | "record-customs-clearance"
  | "confirm-receipt"
  | "cancel";

/** A party of the order, or the system (a payment or customs data feed). */
export type OrderActor = NegotiatingParty | "system";

/** The role in which the acting party takes part in the order; refuses anyone else. */
export function roleInOrder(order: OrderState, ctx: CommandContext): OrderActor {
  const { kind, partyId } = ctx.actor;
  if (kind === "system") return "system";
  if (kind === "buyer" && partyId === order.buyer.id) return "buyer";
  if (kind === "supplier" && partyId === order.supplier.id) return "supplier";
  return refuse("ORDER_NOT_A_PARTY", { orderId: order.id, partyId: partyId ?? "", kind });
}

/**
 * Checks, in this order: the actor is a party of the order (ORDER_NOT_A_PARTY), the order is in one
 * of `from` (ORDER_ILLEGAL_TRANSITION), and the actor's role may take this action (ORDER_WRONG_PARTY).
 */
export function authorize<R extends OrderActor>(
  order: OrderState,
  ctx: CommandContext,
  action: OrderAction,
  from: readonly OrderStatus[],
  roles: readonly R[],
): R {
  const role = roleInOrder(order, ctx);
  if (!from.includes(order.status)) refuse("ORDER_ILLEGAL_TRANSITION", { from: order.status, action });
  if (!(roles as readonly OrderActor[]).includes(role)) refuse("ORDER_WRONG_PARTY", { action, expected: [...roles] });
  return role as R;
}

/** The command names the order it is about; refuses a command meant for another order. */
export function assertSameOrder(order: OrderState, orderId: string): void {
  if (order.id !== orderId) refuse("ORDER_NOT_FOUND", { orderId });
}

/** TA-04 / CL-12: an action that would change the ground under an open claim is refused. */
export function assertNoOpenClaim(order: OrderState, action: OrderAction): void {
  if (order.openClaimId !== undefined) refuse("ORDER_CLAIM_OPEN", { claimId: order.openClaimId, action });
}

/** ORD-01: statuses before the negotiation is confirmed by both (PO-01). */
export const NEGOTIATION_STATUSES: readonly OrderStatus[] = ["draft", "awaiting-buyer", "awaiting-supplier"];
/** PO-05: a confirmed order may be amended until it ships. */
export const AMENDABLE_STATUSES: readonly OrderStatus[] = ["confirmed", "deposit-paid"];
/**
 * PO-05 / CL-08: a reship agreed on a claim may also be a new version once the goods shipped (or
 * arrived): the goods are shipped again by its date. No other amendment is possible after shipping.
 */
export const RESHIP_AMENDABLE_STATUSES: readonly OrderStatus[] = [...AMENDABLE_STATUSES, "shipped", "received"];
/** ORD-01: cancellable from any state before shipping. */
export const CANCELLABLE_STATUSES: readonly OrderStatus[] = [...NEGOTIATION_STATUSES, ...AMENDABLE_STATUSES];

/** The party state a use case was handed is the order's own buyer or supplier. */
export function assertPartyStateOf(order: OrderState, party: { readonly id: string }, role: "buyer" | "supplier"): void {
  if (party.id !== order[role].id) refuse("ORDER_NOT_A_PARTY", { orderId: order.id, partyId: party.id, kind: role });
}

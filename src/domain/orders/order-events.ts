/**
 * ORD-01: every transition of an order is an event with actor and time (the envelope's `actor` and
 * `at`). These are the event types of the `order` stream and their data.
 */
import type { PartySnapshot } from "../parties/party.js";
import type { PolicyRef } from "../policy/policy.js";
import type { DomainEvent, StreamRef } from "../shared/events.js";
import type { LocalDate } from "../shared/time.js";
import type { NegotiatingParty, OrderVersion, Payment, Shipment } from "./order-state.js";
import type { OrderTerms } from "./terms.js";

export const ORDER_EVENT = {
  requested: "OrderRequested",
  termsDrafted: "OrderTermsDrafted",
  changeProposed: "OrderChangeProposed",
  confirmedByBuyer: "OrderConfirmedByBuyer",
  confirmed: "OrderConfirmed",
  amendmentProposed: "OrderAmendmentProposed",
  amendmentConfirmed: "OrderAmendmentConfirmed",
  /** PO-05: one party confirmed an amendment that both must still confirm (a reship version). */
  amendmentConfirmedByParty: "OrderAmendmentConfirmedByParty",
  amendmentDeclined: "OrderAmendmentDeclined",
  depositRecorded: "OrderDepositRecorded",
  productionRequested: "OrderProductionRequested",
  shipped: "OrderShipped",
  customsCleared: "OrderCustomsCleared",
  receiptConfirmed: "OrderReceiptConfirmed",
  claimEntranceClosed: "OrderClaimEntranceClosed",
  completed: "OrderCompleted",
  cancelled: "OrderCancelled",
  // Emitted by the claims module on the order stream.
  claimOpened: "OrderClaimOpened",
  claimClosed: "OrderClaimClosed",
  chargebackFiled: "OrderChargebackFiled",
} as const;
export type OrderEventType = (typeof ORDER_EVENT)[keyof typeof ORDER_EVENT];

export function orderStream(orderId: string): StreamRef {
  return { type: "order", id: orderId };
}

export interface OrderRequestedData {
  readonly orderId: string;
  readonly buyer: PartySnapshot;
  readonly supplier: PartySnapshot;
  readonly version: OrderVersion;
}
/** PO-01: a new draft version; `complete` = its terms have no blocking problem (PO-02). */
export interface OrderVersionProposedData {
  readonly version: OrderVersion;
  readonly complete: boolean;
}
export interface OrderConfirmedByBuyerData {
  readonly version: number;
}
/** PO-05 / POL-02: the version both confirmed, its hash, and the policy recorded at confirmation. */
export interface OrderConfirmedData {
  readonly version: number;
  readonly terms: OrderTerms;
  readonly contentHash: string;
  readonly policy: PolicyRef;
}
export interface OrderAmendmentProposedData {
  readonly version: OrderVersion;
}
export interface OrderAmendmentConfirmedData {
  readonly version: number;
  readonly terms: OrderTerms;
  readonly contentHash: string;
}
export interface OrderAmendmentConfirmedByPartyData {
  readonly version: number;
  readonly by: NegotiatingParty;
}
/** ORD-04 / CL-10: `deemed` = the receipt deadline's default outcome, not the buyer's confirmation. */
export interface OrderReceiptConfirmedData {
  readonly deemed?: boolean;
}
export interface OrderAmendmentDeclinedData {
  readonly version: number;
}
/** PO-07: `covered` is false for a payment made outside the platform (recorded, not assured). */
export interface OrderDepositRecordedData {
  readonly payment: Payment;
  readonly covered: boolean;
}
/** ORD-02: tells the supplier to start production. */
export interface OrderProductionRequestedData {
  readonly supplierId: string;
}
export interface OrderShippedData {
  readonly shipment: Shipment;
}
export interface OrderCustomsClearedData {
  readonly clearedOn: LocalDate;
}
export interface OrderClaimEntranceClosedData {
  readonly deadlineId: string;
}
export type OrderCompletedData = Readonly<Record<string, never>>;
export interface OrderCancelledData {
  readonly reason: string;
}
export interface OrderClaimData {
  readonly claimId: string;
}
export type OrderChargebackFiledData = Readonly<Record<string, unknown>>;

export type OrderEvent =
  | DomainEvent<typeof ORDER_EVENT.requested, OrderRequestedData>
  | DomainEvent<typeof ORDER_EVENT.termsDrafted, OrderVersionProposedData>
  | DomainEvent<typeof ORDER_EVENT.changeProposed, OrderVersionProposedData>
  | DomainEvent<typeof ORDER_EVENT.confirmedByBuyer, OrderConfirmedByBuyerData>
  | DomainEvent<typeof ORDER_EVENT.confirmed, OrderConfirmedData>
  | DomainEvent<typeof ORDER_EVENT.amendmentProposed, OrderAmendmentProposedData>
  | DomainEvent<typeof ORDER_EVENT.amendmentConfirmed, OrderAmendmentConfirmedData>
  | DomainEvent<typeof ORDER_EVENT.amendmentConfirmedByParty, OrderAmendmentConfirmedByPartyData>
  | DomainEvent<typeof ORDER_EVENT.amendmentDeclined, OrderAmendmentDeclinedData>
  | DomainEvent<typeof ORDER_EVENT.depositRecorded, OrderDepositRecordedData>
  | DomainEvent<typeof ORDER_EVENT.productionRequested, OrderProductionRequestedData>
  | DomainEvent<typeof ORDER_EVENT.shipped, OrderShippedData>
  | DomainEvent<typeof ORDER_EVENT.customsCleared, OrderCustomsClearedData>
  | DomainEvent<typeof ORDER_EVENT.receiptConfirmed, OrderReceiptConfirmedData>
  | DomainEvent<typeof ORDER_EVENT.claimEntranceClosed, OrderClaimEntranceClosedData>
  | DomainEvent<typeof ORDER_EVENT.completed, OrderCompletedData>
  | DomainEvent<typeof ORDER_EVENT.cancelled, OrderCancelledData>
  | DomainEvent<typeof ORDER_EVENT.claimOpened, OrderClaimData>
  | DomainEvent<typeof ORDER_EVENT.claimClosed, OrderClaimData>
  | DomainEvent<typeof ORDER_EVENT.chargebackFiled, OrderChargebackFiledData>;

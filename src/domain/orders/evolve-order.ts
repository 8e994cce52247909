/**
 * ORD-01: folds order events into the order's state. Pure and total over the order event types;
 * events of other types are ignored. The rules live in the use cases, not here.
 */
import { refuse } from "../shared/errors.js";
import type { DomainEvent } from "../shared/events.js";
import type { Instant } from "../shared/time.js";
import { ORDER_EVENT, type OrderEvent, type OrderVersionProposedData } from "./order-events.js";
import type { OrderState, OrderStatus, OrderVersion } from "./order-state.js";

const ORDER_EVENT_TYPES: ReadonlySet<string> = new Set(Object.values(ORDER_EVENT));

function isOrderEvent(event: DomainEvent): event is OrderEvent {
  return ORDER_EVENT_TYPES.has(event.type);
}

export function evolveOrder(state: OrderState | undefined, event: DomainEvent): OrderState {
  if (!isOrderEvent(event)) {
    return state ?? refuse("ORDER_EVENT_BEFORE_CREATION", { type: event.type });
  }
  if (event.type === ORDER_EVENT.requested) {
    const { orderId, buyer, supplier, version } = event.data;
    return {
      id: orderId,
      buyer,
      supplier,
      status: "draft",
      versions: [version],
      payments: [],
      claimWindowClosed: false,
      claimIds: [],
    };
  }
  if (!state) return refuse("ORDER_EVENT_BEFORE_CREATION", { type: event.type });
  return evolveExisting(state, event);
}

function evolveExisting(state: OrderState, event: OrderEvent): OrderState {
  switch (event.type) {
    case ORDER_EVENT.requested:
      return state;
    case ORDER_EVENT.termsDrafted:
    case ORDER_EVENT.changeProposed:
      return { ...state, status: statusAfterProposal(event.data), versions: [...state.versions, event.data.version] };
    case ORDER_EVENT.confirmedByBuyer:
      return {
        ...state,
        status: "awaiting-supplier",
        versions: updateVersion(state.versions, event.data.version, { buyerConfirmedAt: event.at }),
      };
    case ORDER_EVENT.confirmed:
      return {
        ...state,
        status: "confirmed",
        versions: updateVersion(state.versions, event.data.version, {
          supplierConfirmedAt: event.at,
          contentHash: event.data.contentHash,
        }),
        confirmedVersion: event.data.version,
        confirmedTerms: event.data.terms,
        policy: event.data.policy,
        confirmedAt: event.at,
      };
    case ORDER_EVENT.amendmentProposed:
      return { ...state, versions: [...state.versions, event.data.version] };
    case ORDER_EVENT.amendmentConfirmed:
      return {
        ...afterReshipConfirmed(state, event.data.version),
        versions: updateVersion(state.versions, event.data.version, {
          ...confirmationOfCounterparty(state, event.data.version, event.at),
          contentHash: event.data.contentHash,
        }),
        confirmedVersion: event.data.version,
        confirmedTerms: event.data.terms,
      };
    case ORDER_EVENT.amendmentConfirmedByParty: {
      const d = event.data;
      return {
        ...state,
        versions: updateVersion(state.versions, d.version, d.by === "buyer" ? { buyerConfirmedAt: event.at } : { supplierConfirmedAt: event.at }),
      };
    }
    case ORDER_EVENT.amendmentDeclined:
      return { ...state, versions: updateVersion(state.versions, event.data.version, { declinedAt: event.at }) };
    case ORDER_EVENT.depositRecorded:
      return { ...state, status: "deposit-paid", payments: [...state.payments, event.data.payment] };
    case ORDER_EVENT.productionRequested:
      return state;
    case ORDER_EVENT.shipped:
      return { ...state, status: "shipped", shipment: event.data.shipment };
    case ORDER_EVENT.customsCleared:
      return { ...state, customsClearedOn: event.data.clearedOn };
    case ORDER_EVENT.receiptConfirmed:
      return { ...state, status: "received", receivedAt: event.at };
    case ORDER_EVENT.claimEntranceClosed:
      return { ...state, claimWindowClosed: true };
    case ORDER_EVENT.completed:
      return { ...state, status: "completed", completedAt: event.at };
    case ORDER_EVENT.cancelled:
      return { ...state, status: "cancelled", cancelledAt: event.at };
    case ORDER_EVENT.claimOpened:
      return {
        ...state,
        openClaimId: event.data.claimId,
        claimIds: state.claimIds.includes(event.data.claimId) ? state.claimIds : [...state.claimIds, event.data.claimId],
      };
    case ORDER_EVENT.claimClosed: {
      if (state.openClaimId !== event.data.claimId) return state;
      const { openClaimId: _closed, ...rest } = state;
      return rest;
    }
    case ORDER_EVENT.chargebackFiled:
      return { ...state, chargebackFiledAt: event.at };
  }
}

/**
 * PO-05 / ORD-01: a reship version confirmed once the goods shipped starts a new shipment: the order
 * goes to "reshipping", the shipment so far is kept in `earlierShipments`, and receipt, customs
 * clearance and the claim entrance start afresh with the new shipment (CL-04 / CL-05 / CL-06).
 */
function afterReshipConfirmed(state: OrderState, versionNumber: number): OrderState {
  const reship = state.versions.find((v) => v.number === versionNumber)?.reshipOfClaim !== undefined;
  if (!reship || (state.status !== "shipped" && state.status !== "received") || !state.shipment) return state;
  const { shipment, receivedAt: _receivedAt, customsClearedOn: _customsClearedOn, ...rest } = state;
  return { ...rest, status: "reshipping", earlierShipments: [...(state.earlierShipments ?? []), shipment], claimWindowClosed: false };
}

/** PO-01: a complete draft by the supplier goes to the buyer; anything else goes back to the supplier. */
function statusAfterProposal(data: OrderVersionProposedData): OrderStatus {
  return data.version.proposedBy === "supplier" && data.complete ? "awaiting-buyer" : "draft";
}

/** PO-05: the confirmation still missing is the one given last (the proposer's counts at proposal). */
function confirmationOfCounterparty(state: OrderState, versionNumber: number, at: Instant): Partial<OrderVersion> {
  const version = state.versions.find((v) => v.number === versionNumber);
  if (version?.buyerConfirmedAt === undefined && version?.supplierConfirmedAt !== undefined) return { buyerConfirmedAt: at };
  if (version?.supplierConfirmedAt === undefined && version?.buyerConfirmedAt !== undefined) return { supplierConfirmedAt: at };
  return version?.proposedBy === "buyer" ? { supplierConfirmedAt: at } : { buyerConfirmedAt: at };
}

function updateVersion(versions: readonly OrderVersion[], number: number, change: Partial<OrderVersion>): OrderVersion[] {
  return versions.map((v) => (v.number === number ? { ...v, ...change } : v));
}

/** Folds events into a state (a test and replay helper). */
export function replayOrder(events: readonly DomainEvent[], initial?: OrderState): OrderState | undefined {
  return events.reduce<OrderState | undefined>((state, e) => (e.stream.type === "order" ? evolveOrder(state, e) : state), initial);
}

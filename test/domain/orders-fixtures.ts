/** Shared givens of the order tests: two parties, complete terms, a funded ledger, orders in each state. */
import { emptyLedger, evolveLedger, setLimit, type LedgerState } from "../../src/domain/ledger/ledger.js";
import type { OrderState } from "../../src/domain/orders/order-state.js";
import { replayOrder } from "../../src/domain/orders/evolve-order.js";
import type { OrderTerms, PartialOrderTerms } from "../../src/domain/orders/terms.js";
import { cancelOrder } from "../../src/domain/orders/use-cases/cancel-order.js";
import { confirmAsBuyer } from "../../src/domain/orders/use-cases/confirm-as-buyer.js";
import { confirmAsSupplier } from "../../src/domain/orders/use-cases/confirm-as-supplier.js";
import { confirmReceipt } from "../../src/domain/orders/use-cases/confirm-receipt.js";
import { draftTerms } from "../../src/domain/orders/use-cases/draft-terms.js";
import { recordDeposit } from "../../src/domain/orders/use-cases/record-deposit.js";
import { recordShipment } from "../../src/domain/orders/use-cases/record-shipment.js";
import { requestOrder } from "../../src/domain/orders/use-cases/request-order.js";
import type { PartyState } from "../../src/domain/parties/party.js";
import type { PolicyProfileName } from "../../src/domain/policy/policy.js";
import type { CommandContext, DomainEvent } from "../../src/domain/shared/events.js";
import { money, type Money } from "../../src/domain/shared/money.js";
import { demoOrderTerms } from "../../src/bots/webchat/demo-order-terms.js";

export const ORDER_ID = "ord-1";
export const usd = (amountMinor: number): Money => money(amountMinor, "USD");

export const buyer: PartyState = {
  id: "buyer-1",
  role: "buyer",
  displayName: "Ohio Tools LLC",
  locale: "en-US",
  calendar: { country: "US", timeZone: "America/New_York" },
  contact: { email: "buy@ohiotools.example" },
  identities: [],
  enrolled: false,
  suspended: false,
  fraudFlags: [],
};

export const supplier: PartyState = {
  id: "supplier-1",
  role: "supplier",
  displayName: "Shenzhen Fasteners Co.",
  locale: "zh-CN",
  calendar: { country: "CN", timeZone: "Asia/Shanghai" },
  contact: { email: "sales@szfasteners.example" },
  identities: [],
  enrolled: true,
  suspended: false,
  fraudFlags: [],
};

export const asBuyer = (now: string): CommandContext => ({ now, actor: { kind: "buyer", partyId: buyer.id } });
export const asSupplier = (now: string): CommandContext => ({ now, actor: { kind: "supplier", partyId: supplier.id } });
export const asSystem = (now: string): CommandContext => ({ now, actor: { kind: "system" } });

/** The demo order's terms (1 000 bolts at USD 1.25: total 1 250.00, deposit 375.00 = protected, balance 875.00), shipping 16 Mar 2026. */
export function completeTerms(overrides: PartialOrderTerms = {}): OrderTerms {
  return { ...demoOrderTerms("2026-03-16"), ...overrides } as OrderTerms;
}

export function apply(order: OrderState | undefined, events: readonly DomainEvent[]): OrderState {
  const next = replayOrder(events, order);
  if (!next) throw new Error("no order");
  return next;
}

export function applyLedger(ledger: LedgerState, events: readonly DomainEvent[]): LedgerState {
  return events.reduce(evolveLedger, ledger);
}

export function fundedLedger(limitMinor = 1_000_000): LedgerState {
  const staff: CommandContext = { now: "2026-01-05T10:00:00.000Z", actor: { kind: "staff", partyId: "staff-1" } };
  const events = setLimit(
    emptyLedger(supplier.id, "USD"),
    { limit: usd(limitMinor), qualification: "verified", sixMonthVolume: usd(5_000_000), reason: "onboarding" },
    staff,
  );
  return applyLedger(emptyLedger(supplier.id, "USD"), events);
}

export { refusal } from "./support/refusal.js";

export const T = {
  requested: "2026-02-02T09:00:00.000Z",
  drafted: "2026-02-03T03:00:00.000Z",
  buyerConfirmed: "2026-02-03T15:00:00.000Z",
  supplierConfirmed: "2026-02-04T02:00:00.000Z",
  depositPaid: "2026-02-05T15:00:00.000Z",
  shipmentRecorded: "2026-03-16T10:00:00.000Z",
  received: "2026-04-20T15:00:00.000Z",
} as const;

export function requestedOrder(terms: PartialOrderTerms = { lines: completeTerms().lines, currency: "USD" }): OrderState {
  return apply(undefined, requestOrder({ existing: undefined, buyer, supplier }, { orderId: ORDER_ID, supplierId: supplier.id, terms }, asBuyer(T.requested)));
}

export function awaitingBuyerOrder(terms: OrderTerms = completeTerms()): OrderState {
  const order = requestedOrder();
  return apply(order, draftTerms(order, { orderId: ORDER_ID, terms }, asSupplier(T.drafted)));
}

export function awaitingSupplierOrder(terms: OrderTerms = completeTerms()): OrderState {
  const order = awaitingBuyerOrder(terms);
  return apply(order, confirmAsBuyer({ order, buyer }, { orderId: ORDER_ID, version: 2 }, asBuyer(T.buyerConfirmed)));
}

export interface OrderAndLedger {
  readonly order: OrderState;
  readonly ledger: LedgerState;
}

function applyBoth(given: OrderAndLedger, events: readonly DomainEvent[]): OrderAndLedger {
  return { order: apply(given.order, events), ledger: applyLedger(given.ledger, events) };
}

export function confirmedOrder(terms: OrderTerms = completeTerms(), policy: PolicyProfileName = "classic"): OrderAndLedger {
  const order = awaitingSupplierOrder(terms);
  const ledger = fundedLedger();
  return applyBoth(
    { order, ledger },
    confirmAsSupplier({ order, supplier, ledger }, { orderId: ORDER_ID, version: 2, policy }, asSupplier(T.supplierConfirmed)),
  );
}

export function depositPaidOrder(terms: OrderTerms = completeTerms(), policy: PolicyProfileName = "classic"): OrderAndLedger {
  const given = confirmedOrder(terms, policy);
  return applyBoth(
    given,
    recordDeposit(
      given.order,
      { orderId: ORDER_ID, amount: usd(37_500), method: "tt", fee: usd(3_500), throughPlatform: true, reference: "TT-1" },
      asBuyer(T.depositPaid),
    ),
  );
}

export function shippedOrder(terms: OrderTerms = completeTerms(), policy: PolicyProfileName = "classic", shippedOn = "2026-03-16"): OrderAndLedger {
  const given = depositPaidOrder(terms, policy);
  return applyBoth(
    given,
    recordShipment(given.order, { orderId: ORDER_ID, shippedOn, carrier: "COSCO", trackingNumber: "COSU123" }, asSupplier(T.shipmentRecorded)),
  );
}

export function receivedOrder(terms: OrderTerms = completeTerms(), policy: PolicyProfileName = "classic"): OrderAndLedger {
  const given = shippedOrder(terms, policy);
  return applyBoth(given, confirmReceipt(given, { orderId: ORDER_ID }, asBuyer(T.received)));
}

export function cancel(given: OrderAndLedger, ctx: CommandContext): DomainEvent[] {
  return cancelOrder(given, { orderId: ORDER_ID, reason: "changed plans" }, ctx);
}

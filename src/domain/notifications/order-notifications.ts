/**
 * Who is told what when an order changes (ORD-01, ORD-02, PO-05). The actor of a change gets the
 * conversation engine's direct answer; these notifications reach the other people involved on every
 * channel they have linked (CM-05).
 */
import type {
  OrderAmendmentProposedData,
  OrderCancelledData,
  OrderConfirmedData,
  OrderShippedData,
  OrderVersionProposedData,
} from "../orders/order-events.js";
import { ORDER_EVENT } from "../orders/order-events.js";
import type { NegotiatingParty, OrderState } from "../orders/order-state.js";
import type { DomainEvent } from "../shared/events.js";
import { action, instant, text, toEach, toParty, type Notification, type NotificationSubject } from "./notification.js";

function partyOf(order: OrderState, role: NegotiatingParty): string {
  return role === "buyer" ? order.buyer.id : order.supplier.id;
}

function otherThan(role: NegotiatingParty): NegotiatingParty {
  return role === "buyer" ? "supplier" : "buyer";
}

export function orderNotifications(e: DomainEvent, order: OrderState): Notification[] {
  const subject: NotificationSubject = { type: "order", id: order.id };
  const orderId = order.id;
  const ref = { orderId };
  const one = (partyId: string, body: Omit<Notification, "recipient" | "subject">): Notification[] => [{ recipient: toParty(partyId), subject, ...body }];
  const both = (body: Omit<Notification, "recipient" | "subject">): Notification[] =>
    toEach([toParty(order.buyer.id), toParty(order.supplier.id)], { subject, ...body });

  switch (e.type) {
    case ORDER_EVENT.requested:
      return one(order.supplier.id, {
        text: text("order:notify.requested", ref),
        actions: [action("order.draftTerms", "order:notify.action.draftTerms", ref, "primary")],
      });
    case ORDER_EVENT.termsDrafted:
    case ORDER_EVENT.changeProposed: {
      const d = e.data as OrderVersionProposedData;
      const reader = otherThan(d.version.proposedBy);
      const params = { orderId, version: d.version.number };
      // PO-01: a complete draft is put to the counterparty for review and confirmation.
      return one(partyOf(order, reader), d.complete
        ? {
            text: text("order:notify.readyToConfirm", params),
            actions: [
              action("order.review", "order:reviewDraft", ref),
              action("order.confirm", "common:confirm", { orderId, version: d.version.number }, "primary"),
            ],
          }
        : { text: text("order:notify.draftUpdated", params), actions: [action("order.review", "order:reviewDraft", ref)] });
    }
    case ORDER_EVENT.confirmedByBuyer:
      return one(order.supplier.id, {
        text: text("order:notify.buyerConfirmed", ref),
        actions: [action("order.review", "order:reviewDraft", ref), action("order.confirm", "common:confirm", ref, "primary")],
      });
    case ORDER_EVENT.confirmed: {
      const d = e.data as OrderConfirmedData;
      return both({
        text: text("order:confirmedByBoth", ref),
        facts: [
          { label: text("order:term.protectedAmount"), value: d.terms.protectedAmount },
          { label: text("order:term.shippingDate"), value: { date: d.terms.shippingDate } },
          { label: text("order:term.incoterm"), value: d.terms.incoterm },
        ],
        tone: "success",
      });
    }
    case ORDER_EVENT.amendmentProposed: {
      const d = e.data as OrderAmendmentProposedData;
      const payload = { orderId, version: d.version.number };
      return one(partyOf(order, otherThan(d.version.proposedBy)), {
        text: text("order:notify.amendmentProposed", payload),
        actions: [
          action("order.review", "order:reviewDraft", ref),
          action("order.acceptAmendment", "common:confirm", payload, "primary"),
          action("order.declineAmendment", "order:notify.action.decline", payload, "danger"),
        ],
      });
    }
    case ORDER_EVENT.amendmentConfirmed:
      return both({ text: text("order:notify.amendmentConfirmed", ref), tone: "success" });
    case ORDER_EVENT.amendmentDeclined:
      return both({ text: text("order:notify.amendmentDeclined", ref), tone: "warning" });
    case ORDER_EVENT.productionRequested: {
      // ORD-02: the supplier is told to start production when the deposit is recorded.
      const shipBy = order.confirmedTerms?.shippingDate;
      return one(order.supplier.id, {
        text: text("order:notify.startProduction", ref),
        ...(shipBy ? { facts: [{ label: text("order:term.shippingDate"), value: { date: shipBy } }] } : {}),
        actions: [action("order.markShipped", "order:notify.action.markShipped", ref, "primary")],
      });
    }
    case ORDER_EVENT.shipped: {
      const { shipment } = e.data as OrderShippedData;
      return one(order.buyer.id, {
        text: text("order:shipmentRecorded", { orderId, carrier: shipment.carrier, trackingNumber: shipment.trackingNumber }),
        facts: [{ label: text("order:notify.fact.shippedOn"), value: { date: shipment.shippedOn } }],
        actions: [action("order.confirmReceipt", "order:notify.action.confirmReceipt", ref, "primary")],
      });
    }
    case ORDER_EVENT.receiptConfirmed:
      return one(order.supplier.id, { text: text("order:receiptConfirmed", ref) });
    case ORDER_EVENT.completed:
      return both({ text: text("order:notify.completed", ref), tone: "success" });
    case ORDER_EVENT.cancelled:
      return both({ text: text("order:notify.cancelled", { orderId, reason: (e.data as OrderCancelledData).reason }), tone: "warning" });
    case ORDER_EVENT.chargebackFiled:
      return one(order.supplier.id, { text: text("order:notify.chargebackFiled", { orderId, at: instant(e.at) }), tone: "warning" });
    default:
      return [];
  }
}

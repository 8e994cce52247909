/**
 * Who is told what when an order changes (ORD-01, ORD-02, PO-05). The actor of a change gets the
 * conversation engine's direct answer; these notifications reach the other people involved on every
 * channel they have linked (CM-05).
 */
import type {
  OrderAmendmentConfirmedByPartyData,
  OrderAmendmentConfirmedData,
  OrderAmendmentProposedData,
  OrderReceiptConfirmedData,
  OrderCancelledData,
  OrderConfirmedByBuyerData,
  OrderConfirmedData,
  OrderShippedData,
  OrderVersionProposedData,
} from "../orders/order-events.js";
import { ORDER_EVENT } from "../orders/order-events.js";
import { claimWindowClosesAt } from "../orders/order-deadlines.js";
import type { NegotiatingParty, OrderState } from "../orders/order-state.js";
import { addDaysToLocalDate, isBefore } from "../shared/time.js";
import type { ActorRef, DomainEvent } from "../shared/events.js";
import { USE_CASE } from "./action-ids.js";
import { action, instant, personWords, text, toEach, toParty, type Notification, type NotificationAction, type NotificationSubject } from "./notification.js";

function partyOf(order: OrderState, role: NegotiatingParty): string {
  return role === "buyer" ? order.buyer.id : order.supplier.id;
}

function otherThan(role: NegotiatingParty): NegotiatingParty {
  return role === "buyer" ? "supplier" : "buyer";
}

/** CM-01: the language an actor writes in — a party's locale; staff and the system: English. */
function languageOf(order: OrderState, actor: ActorRef): string {
  return actor.kind === "buyer" ? order.buyer.locale : actor.kind === "supplier" ? order.supplier.locale : "en";
}

/** PO-01: the confirm button of the party confirming next. */
const CONFIRM_AS = { buyer: USE_CASE.confirmAsBuyer, supplier: USE_CASE.confirmAsSupplier } as const;

/**
 * PO-05 / TA-06 / PO-03 / PO-08: a version to confirm is answered from its review, which shows the
 * warnings first — the notification carries no one-tap confirm. Declining needs no warning.
 */
function answerAmendment(payload: { orderId: string; version: number }): NotificationAction[] {
  return [
    action(USE_CASE.viewOrder, "conversation:action.reviewAndConfirm", payload, "primary"),
    action(USE_CASE.declineAmendment, "order:notify.action.decline", payload, "danger"),
  ];
}

export function orderNotifications(e: DomainEvent, order: OrderState): Notification[] {
  const subject: NotificationSubject = { type: "order", id: order.id };
  const orderId = order.id;
  const ref = { orderId };
  const one = (partyId: string, body: Omit<Notification, "recipient" | "subject">): Notification[] => [{ recipient: toParty(partyId), subject, ...body }];
  const both = (body: Omit<Notification, "recipient" | "subject">): Notification[] =>
    toEach([toParty(order.buyer.id), toParty(order.supplier.id)], { subject, ...body });
  const reviewAction = action(USE_CASE.viewOrder, "order:reviewDraft", ref);

  switch (e.type) {
    case ORDER_EVENT.requested:
      return one(order.supplier.id, {
        text: text("order:notify.requested", ref),
        actions: [action(USE_CASE.draftTerms, "order:notify.action.draftTerms", ref, "primary")],
      });
    case ORDER_EVENT.termsDrafted:
    case ORDER_EVENT.changeProposed: {
      const d = e.data as OrderVersionProposedData;
      const reader = otherThan(d.version.proposedBy);
      const params = { orderId, version: d.version.number };
      // PO-01: a complete draft is put to the counterparty for review and confirmation. TA-06 / PO-03 /
      // PO-08: the buyer confirms only from the review, which shows the warnings first — no one-tap confirm.
      return one(
        partyOf(order, reader),
        d.complete
          ? {
              text: text("order:notify.readyToConfirm", params),
              actions:
                reader === "buyer"
                  ? [action(USE_CASE.viewOrder, "conversation:action.reviewAndConfirm", params, "primary")]
                  : [reviewAction, action(CONFIRM_AS[reader], "common:confirm", params, "primary")],
            }
          : { text: text("order:notify.draftUpdated", params), actions: [reviewAction] },
      );
    }
    case ORDER_EVENT.confirmedByBuyer: {
      const { version } = e.data as OrderConfirmedByBuyerData;
      return one(order.supplier.id, {
        text: text("order:notify.buyerConfirmed", ref),
        actions: [reviewAction, action(USE_CASE.confirmAsSupplier, "common:confirm", { orderId, version }, "primary")],
      });
    }
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
      const answer = answerAmendment(payload);
      // CL-08 / PO-05: the version of an agreed reship goes to both parties, with the new shipping date.
      if (d.version.reshipOfClaim !== undefined && d.version.terms.shippingDate !== undefined) {
        return both({
          text: text("parties:notify.reshipVersion", { ...payload, claimId: d.version.reshipOfClaim }),
          facts: [{ label: text("order:term.shippingDate"), value: { date: d.version.terms.shippingDate } }],
          actions: answer,
        });
      }
      return one(partyOf(order, otherThan(d.version.proposedBy)), { text: text("order:notify.amendmentProposed", payload), actions: answer });
    }
    case ORDER_EVENT.amendmentConfirmedByParty: {
      const d = e.data as OrderAmendmentConfirmedByPartyData;
      const payload = { orderId, version: d.version };
      return one(partyOf(order, otherThan(d.by)), {
        text: text("parties:notify.amendmentConfirmedByOther", payload),
        actions: answerAmendment(payload),
      });
    }
    case ORDER_EVENT.amendmentConfirmed: {
      const d = e.data as OrderAmendmentConfirmedData;
      const claimId = order.versions.find((v) => v.number === d.version)?.reshipOfClaim;
      if (claimId === undefined) return both({ text: text("order:notify.amendmentConfirmed", ref), tone: "success" });
      // PO-05 / CL-04 / CL-16: the reship is in force. The supplier must ship by the new date (and is
      // given the button); the buyer is told from when a late-shipment claim opens if nothing ships.
      const facts = [
        { label: text("order:term.shippingDate"), value: { date: d.terms.shippingDate } },
        { label: text("parties:notify.fact.lateShipmentClaimFrom"), value: { date: addDaysToLocalDate(d.terms.shippingDate, 1) } },
      ];
      const params = { orderId, claimId, version: d.version };
      return [
        ...one(order.buyer.id, { text: text("parties:notify.reshipConfirmed.buyer", params), facts, tone: "success" }),
        ...one(order.supplier.id, {
          text: text("parties:notify.reshipConfirmed.supplier", params),
          facts,
          actions: [action(USE_CASE.recordShipment, "order:notify.action.markShipped", ref, "primary")],
          tone: "success",
        }),
      ];
    }
    case ORDER_EVENT.amendmentDeclined:
      return both({ text: text("order:notify.amendmentDeclined", ref), tone: "warning" });
    case ORDER_EVENT.productionRequested: {
      // ORD-02: the supplier is told to start production when the deposit is recorded.
      const shipBy = order.confirmedTerms?.shippingDate;
      return one(order.supplier.id, {
        text: text("order:notify.startProduction", ref),
        ...(shipBy ? { facts: [{ label: text("order:term.shippingDate"), value: { date: shipBy } }] } : {}),
        actions: [action(USE_CASE.recordShipment, "order:notify.action.markShipped", ref, "primary")],
      });
    }
    case ORDER_EVENT.shipped: {
      const { shipment } = e.data as OrderShippedData;
      return one(order.buyer.id, {
        text: text("order:shipmentRecorded", { orderId, carrier: shipment.carrier, trackingNumber: shipment.trackingNumber }),
        facts: [{ label: text("order:notify.fact.shippedOn"), value: { date: shipment.shippedOn } }],
        actions: [action(USE_CASE.confirmReceipt, "order:notify.action.confirmReceipt", ref, "primary")],
      });
    }
    case ORDER_EVENT.receiptConfirmed: {
      if (!(e.data as OrderReceiptConfirmedData | undefined)?.deemed) return one(order.supplier.id, { text: text("order:receiptConfirmed", ref) });
      // ORD-04 / CL-15: receipt deemed by the policy's rule — both are told at once, with the date the
      // claim entrance now closes when it is still open (express: receipt + 30 days).
      const closesAt = order.claimWindowClosed ? undefined : claimWindowClosesAt(order);
      const stillOpen = closesAt !== undefined && isBefore(e.at, closesAt);
      return both({
        text: text("parties:notify.receiptDeemed", ref),
        ...(stillOpen ? { facts: [{ label: text("common:deadlineKind.claim-window"), value: instant(closesAt) }] } : {}),
        tone: "warning",
      });
    }
    case ORDER_EVENT.completed:
      return both({ text: text("order:notify.completed", ref), tone: "success" });
    case ORDER_EVENT.cancelled:
      return both({
        text: text("order:notify.cancelled", { orderId, reason: personWords((e.data as OrderCancelledData).reason, languageOf(order, e.actor)) }),
        tone: "warning",
      });
    case ORDER_EVENT.chargebackFiled:
      return one(order.supplier.id, { text: text("order:notify.chargebackFiled", { orderId, at: instant(e.at) }), tone: "warning" });
    default:
      return [];
  }
}
